// The authorization matrix on the repos endpoints and git, through the gateway, on real repos:
// every identity of the matrix x repos of each visibility and creator x the read, write and admin
// endpoints. What the caller may not see looks missing (401 asking for credentials, or 404, with
// RepoNotFound); what it sees but may not do is 401 for the anonymous and 403 otherwise; a dead
// credential is 401 everywhere. Uploading LFS objects is also open to readers whose credential may
// open pull requests (write to discussions), and so are preupload and git's receive-pack: the
// objects and the upload modes of a change proposed with create_pr=1, and pushes to a pull request
// its author opened (which the pre-receive hook allows ref by ref).
#include <gtest/gtest.h>

#include <functional>

#include "common/crypto/sha256.hpp"
#include "common/http/client.hpp"
#include "common/util/base64.hpp"
#include "tests/support/matrix_people.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::via_gateway;

struct Endpoint {
  std::string what;
  int needs;  // 1 read, 2 write, 3 admin
  // The request for repo `path` ("ns/name") by an identity with a unique `tag`.
  std::function<http::ClientResponse(const std::string& path, const std::string& secret, const std::string& tag)> call;
  bool proposal = false;  // read suffices for a credential that may open pull requests
};

http::ClientResponse lfs(const std::string& path, const std::string& secret, const std::string& operation) {
  const std::string oid = crypto::sha256_hex("matrix");
  return via_gateway("POST", "/" + path + ".git/info/lfs/objects/batch", secret,
                     R"({"operation":")" + operation + R"(","objects":[{"oid":")" + oid + R"(","size":6}]})",
                     "application/vnd.git-lfs+json");
}

std::vector<Endpoint> endpoints() {
  return {
      {"info", 1, [](auto& p, auto& s, auto&) { return via_gateway("GET", "/api/models/" + p, s); }},
      {"tree", 1, [](auto& p, auto& s, auto&) { return via_gateway("GET", "/api/models/" + p + "/tree/main", s); }},
      {"resolve", 1, [](auto& p, auto& s, auto&) { return via_gateway("GET", "/" + p + "/resolve/main/a.txt", s); }},
      {"commits", 1,
       [](auto& p, auto& s, auto&) { return via_gateway("GET", "/api/models/" + p + "/commits/main", s); }},
      {"refs", 1, [](auto& p, auto& s, auto&) { return via_gateway("GET", "/api/models/" + p + "/refs", s); }},
      {"paths-info", 1,
       [](auto& p, auto& s, auto&) {
         return via_gateway("POST", "/api/models/" + p + "/paths-info/main", s, R"({"paths":["a.txt"]})");
       }},
      {"git fetch", 1,
       [](auto& p, auto& s, auto&) {
         return via_gateway("GET", "/" + p + ".git/info/refs?service=git-upload-pack", s);
       }},
      {"lfs download", 1, [](auto& p, auto& s, auto&) { return lfs(p, s, "download"); }},
      {"commit", 2,
       [](auto& p, auto& s, auto& tag) {
         return via_gateway("POST", "/api/models/" + p + "/commit/main", s,
                            R"({"key":"header","value":{"summary":"m"}})"
                            "\n"
                            R"({"key":"file","value":{"path":")" +
                                tag + R"(.txt","content":"aGk=","encoding":"base64"}})",
                            "application/x-ndjson");
       }},
      {"branch", 2,
       [](auto& p, auto& s, auto& tag) { return via_gateway("POST", "/api/models/" + p + "/branch/" + tag, s, "{}"); }},
      {"preupload", 2,
       [](auto& p, auto& s, auto&) {
         return via_gateway("POST", "/api/models/" + p + "/preupload/main", s,
                            R"({"files":[{"path":"w.bin","size":6,"sample":"bWF0cml4"}]})");
       },
       true},
      {"lfs upload", 2, [](auto& p, auto& s, auto&) { return lfs(p, s, "upload"); }, true},
      {"git push", 2,
       [](auto& p, auto& s, auto&) {
         return via_gateway("GET", "/" + p + ".git/info/refs?service=git-receive-pack", s);
       },
       true},
      {"settings", 3,
       [](auto& p, auto& s, auto&) {
         return via_gateway("PUT", "/api/models/" + p + "/settings", s, R"({"gated":false})");
       }},
  };
}

void create(const test::Account& by, const std::string& ns, const std::string& name, bool is_private) {
  auto res = via_gateway(
      "POST", "/api/repos/create", by.session,
      R"({"name":")" + name + R"(","organization":")" + ns + R"(","private":)" + (is_private ? "true" : "false") + "}");
  ASSERT_EQ(res.status, 200) << res.body;
  auto c = via_gateway("POST", "/api/models/" + ns + "/" + name + "/commit/main", by.session,
                       R"({"key":"header","value":{"summary":"a"}})"
                       "\n"
                       R"({"key":"file","value":{"path":"a.txt","content":"aGk=","encoding":"base64"}})",
                       "application/x-ndjson");
  ASSERT_EQ(c.status, 200) << c.body;
}

TEST(ReposMatrix, IdentitiesTimesReposTimesEndpoints) {
  test::MatrixPeople people;
  people.set_up();
  const auto& p = people;
  const std::string& org = p.org;
  create(p.admin, org, "public", false);
  create(p.admin, org, "private", true);
  create(p.contributor, org, "theirs", true);  // the contributor may create, and writes what it created
  create(p.owner, p.owner.name, "mine", true);
  create(p.admin, org, "grouped", true);
  people.group_repo("grouped");

  const std::string o = org + "/";
  const std::string m = p.owner.name + "/mine";
  const std::vector<std::string> repos = {o + "public", o + "private", o + "theirs", m, o + "grouped"};
  struct Row {
    std::string identity, secret;
    // Per repo, in the order of `repos`: 0 none, 1 read, 2 write, 3 admin. Empty: the credential
    // itself is refused.
    std::vector<int> strongest;
    bool proposes = true;  // the credential may open pull requests (a session, a write token)
  };
  const std::vector<Row> rows = {
      {"anonymous", "", {1, 0, 0, 0, 0}, false},
      {"outsider", p.outsider.session, {1, 0, 0, 0, 0}},
      {"org read", p.reader.session, {1, 1, 1, 0, 0}},
      {"org contributor", p.contributor.session, {1, 1, 2, 0, 0}},
      {"org write", p.writer.session, {2, 2, 2, 0, 0}},
      {"org admin", p.admin.session, {3, 3, 3, 0, 3}},
      {"owner", p.owner.session, {1, 0, 0, 3, 0}},
      {"read token", p.read_token.first, {1, 1, 1, 0, 1}, false},
      {"write token", p.write_token.first, {2, 2, 2, 0, 0}},
      {"fine-grained elsewhere", p.scoped_elsewhere.first, {1, 0, 0, 0, 0}, false},
      {"expired token", p.expired.first, {}},
      {"revoked token", p.revoked.first, {}},
      {"removed member", p.removed.session, {1, 0, 0, 0, 0}},
      {"group member", p.teammate.session, {1, 1, 1, 0, 2}},
  };
  const auto calls = endpoints();
  int checked = 0;
  int n = 0;
  for (const auto& row : rows) {
    for (std::size_t column = 0; column < repos.size(); ++column) {
      const std::string& repo = repos[column];
      const int rank = row.strongest.empty() ? 0 : row.strongest.at(column);
      for (const auto& e : calls) {
        const int needs = e.proposal && row.proposes ? 1 : e.needs;
        const std::string tag = "t" + std::to_string(++n);
        auto res = e.call(repo, row.secret, tag);
        const std::string where =
            row.identity + " " + e.what + " " + repo + ": " + std::to_string(res.status) + " " + res.body;
        const std::string code(res.headers.get("X-Error-Code"));
        if (row.strongest.empty()) {
          EXPECT_EQ(res.status, 401) << where;
        } else if (rank == 0) {
          EXPECT_EQ(res.status, row.secret.empty() ? 401 : 404) << where;
          EXPECT_EQ(code, "RepoNotFound") << where;
          EXPECT_EQ(res.body.find(repo.substr(repo.find('/') + 1)), std::string::npos) << where << " leaks the name";
        } else if (rank < needs) {
          EXPECT_EQ(res.status, row.secret.empty() ? 401 : 403) << where;
          EXPECT_NE(code, "RepoNotFound") << where;
        } else {
          EXPECT_EQ(res.status, 200) << where;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 14 * 5 * 14);
}

}  // namespace
}  // namespace hub

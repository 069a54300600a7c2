// The authorization matrix: identities x repos (visibility, creator) x actions, decided by auth's
// /internal/decide on repos this test registers through /internal/repos, as repos will. Every row is
// generated from the table of expectations below; later capabilities add their endpoints through
// the gateway.
#include <gtest/gtest.h>

#include <map>
#include <pqxx/pqxx>

#include "common/access/identity.hpp"
#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "common/util/uuid.hpp"
#include "tests/support/matrix_people.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::Account;
using test::register_repo;

http::ClientResponse internal(const std::string& method, const std::string& target, const std::string& body) {
  return test::as_service("AUTH", "repos", method, target, body);
}

// PUT /internal/repos/{id} for a public repo, as repos registers one: the status.
int register_public(const std::string& id, const std::string& type, const std::string& ns, const std::string& name) {
  return internal("PUT", "/internal/repos/" + id,
                  R"({"type":")" + type + R"(","namespace":")" + ns + R"(","name":")" + name + R"(","private":false})")
      .status;
}

http::ClientResponse gateway(const std::string& method, const std::string& target, const std::string& token,
                             const std::string& body = {}) {
  return test::via_gateway(method, target, token, body);
}

bool allowed(const std::string& token_id, const std::string& ns, const std::string& repo, const std::string& action) {
  std::string body =
      R"({"repo":{"type":"model","namespace":")" + ns + R"(","name":")" + repo + R"("},"action":")" + action + "\"";
  if (!token_id.empty()) body += R"(,"tokenId":")" + token_id + "\"";
  body += "}";
  auto res = internal("POST", "/internal/decide", body);
  EXPECT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body);
  return doc && doc.value()["allowed"].GetBool();
}

TEST(AuthorizationMatrix, IdentitiesTimesReposTimesActions) {
  test::MatrixPeople people;
  people.set_up();
  const auto& [admin, reader, contributor, writer, outsider, removed, owner, teammate, org, group_id, read_token,
               write_token, scoped_elsewhere, expired, revoked] = people;
  register_repo(org, "public", false, admin.id);
  register_repo(org, "private", true, admin.id);
  register_repo(org, "theirs", true, contributor.id);  // created by the contributor
  register_repo(owner.name, "mine", true, owner.id);
  register_repo(org, "grouped", true, admin.id);
  people.group_repo("grouped");

  // Expected: for each identity, per repo, the strongest action allowed ("" none, r, w, a).
  struct Row {
    std::string identity, token_id, secret;
    std::map<std::string, std::string> strongest;  // repo -> "", "read", "write", "admin"
  };
  const std::string o = org + "/";
  const std::string m = owner.name + "/mine";
  std::vector<Row> rows = {
      {"anonymous",
       "",
       "",
       {{o + "public", "read"}, {o + "private", ""}, {o + "theirs", ""}, {m, ""}, {o + "grouped", ""}}},
      {"outsider",
       outsider.session_id,
       outsider.session,
       {{o + "public", "read"}, {o + "private", ""}, {o + "theirs", ""}, {m, ""}, {o + "grouped", ""}}},
      {"org read",
       reader.session_id,
       reader.session,
       {{o + "public", "read"}, {o + "private", "read"}, {o + "theirs", "read"}, {m, ""}, {o + "grouped", ""}}},
      {"org contributor",
       contributor.session_id,
       contributor.session,
       {{o + "public", "read"}, {o + "private", "read"}, {o + "theirs", "write"}, {m, ""}, {o + "grouped", ""}}},
      {"org write",
       writer.session_id,
       writer.session,
       {{o + "public", "write"}, {o + "private", "write"}, {o + "theirs", "write"}, {m, ""}, {o + "grouped", ""}}},
      {"org admin",
       admin.session_id,
       admin.session,
       {{o + "public", "admin"}, {o + "private", "admin"}, {o + "theirs", "admin"}, {m, ""}, {o + "grouped", "admin"}}},
      {"owner",
       owner.session_id,
       owner.session,
       {{o + "public", "read"}, {o + "private", ""}, {o + "theirs", ""}, {m, "admin"}, {o + "grouped", ""}}},
      {"read token",
       read_token.second,
       read_token.first,
       {{o + "public", "read"}, {o + "private", "read"}, {o + "theirs", "read"}, {m, ""}, {o + "grouped", "read"}}},
      {"write token",
       write_token.second,
       write_token.first,
       {{o + "public", "write"}, {o + "private", "write"}, {o + "theirs", "write"}, {m, ""}, {o + "grouped", ""}}},
      {"fine-grained elsewhere",
       scoped_elsewhere.second,
       scoped_elsewhere.first,
       {{o + "public", "read"}, {o + "private", ""}, {o + "theirs", ""}, {m, ""}, {o + "grouped", ""}}},
      {"expired token",
       expired.second,
       expired.first,
       {{o + "public", ""}, {o + "private", ""}, {o + "theirs", ""}, {m, ""}, {o + "grouped", ""}}},
      {"revoked token",
       revoked.second,
       revoked.first,
       {{o + "public", ""}, {o + "private", ""}, {o + "theirs", ""}, {m, ""}, {o + "grouped", ""}}},
      {"removed member",
       removed.session_id,
       removed.session,
       {{o + "public", "read"}, {o + "private", ""}, {o + "theirs", ""}, {m, ""}, {o + "grouped", ""}}},
      {"group member",
       teammate.session_id,
       teammate.session,
       {{o + "public", "read"}, {o + "private", "read"}, {o + "theirs", "read"}, {m, ""}, {o + "grouped", "write"}}},
  };
  const std::vector<std::string> actions = {"read", "write", "admin"};
  int checked = 0;
  for (const auto& row : rows) {
    for (const auto& [path, strongest] : row.strongest) {
      const auto slash = path.find('/');
      const int rank = strongest.empty() ? 0 : strongest == "read" ? 1 : strongest == "write" ? 2 : 3;
      for (std::size_t a = 0; a < actions.size(); ++a) {
        const bool expect = static_cast<int>(a) + 1 <= rank;
        EXPECT_EQ(allowed(row.token_id, path.substr(0, slash), path.substr(slash + 1), actions[a]), expect)
            << row.identity << " " << actions[a] << " " << path;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 14 * 5 * 3);

  // The same decisions through the gateway, on a repo path of another service: what the caller may
  // not see answers as if it did not exist (401 asking for credentials without any, 404 with), and
  // a dead credential is a plain 401 whatever the repo.
  int through_gateway = 0;
  for (const auto& row : rows) {
    for (const auto& [path, strongest] : row.strongest) {
      auto res = gateway("GET", "/api/models/" + path + "/discussions", row.secret);
      const std::string code(res.headers.get("X-Error-Code"));
      const std::string where = row.identity + " GET " + path;
      if (row.identity == "expired token" || row.identity == "revoked token") {
        EXPECT_EQ(res.status, 401) << where;
        EXPECT_EQ(res.headers.get("X-Error-Message"), "Invalid credentials in Authorization header") << where;
      } else if (strongest.empty()) {
        EXPECT_EQ(res.status, row.secret.empty() ? 401 : 404) << where;
        EXPECT_EQ(code, "RepoNotFound") << where;
        if (row.secret.empty()) {
          EXPECT_EQ(res.headers.get("WWW-Authenticate"), "Basic realm=\"hub\"") << where;
        }
        EXPECT_EQ(res.body.find(path.substr(path.find('/') + 1)), std::string::npos) << where << ": name leaked";
      } else {
        EXPECT_NE(code, "RepoNotFound") << where;
        EXPECT_NE(res.status, 401) << where;
      }
      ++through_gateway;
    }
  }
  EXPECT_EQ(through_gateway, 14 * 5);
  // An unknown repo and a private one look the same to an outsider.
  EXPECT_FALSE(allowed(outsider.session_id, org, "does-not-exist", "read"));
}

// What the gateway signs into the identity for discussions (may the caller open threads and
// comment?), as auth's introspection answers it for one public repo: a session and a write token
// may; a read token, an anonymous caller, and a fine-grained token without discussion.write for the
// repo or its org may not; one with it may.
TEST(AuthorizationMatrix, DiscussionWritesFollowTheCredential) {
  Account a = test::new_account("dw");
  register_repo(a.name, "talk", false, a.id);
  auto discussion_write = [&](const std::string& secret) {
    std::string body = R"({"scope":{"owner":")" + a.name + R"(","type":"model","name":"talk"})";
    if (!secret.empty()) body += R"(,"token":")" + secret + "\"";
    body += "}";
    auto res = test::as_service("AUTH", "gateway", "POST", "/internal/introspect", body);
    EXPECT_EQ(res.status, 200) << res.body;
    auto doc = json::parse_object(res.body);
    return doc && doc.value()["scope"]["discussionWrite"].GetBool();
  };
  EXPECT_TRUE(discussion_write(a.session));
  EXPECT_FALSE(discussion_write(""));
  EXPECT_TRUE(discussion_write(test::new_token(a, R"({"displayName":"w","role":"write"})").first));
  EXPECT_FALSE(discussion_write(test::new_token(a, R"({"displayName":"r","role":"read"})").first));
  EXPECT_FALSE(discussion_write(
      test::new_token(a, R"({"displayName":"f","role":"fineGrained","scoped":[{"entity":{"type":"model","name":")" +
                             a.name + R"(/talk"},"permissions":["repo.write"]}]})")
          .first));
  EXPECT_TRUE(discussion_write(
      test::new_token(a, R"({"displayName":"d","role":"fineGrained","scoped":[{"entity":{"type":"model","name":")" +
                             a.name + R"(/talk"},"permissions":["discussion.write"]}]})")
          .first));
}

TEST(AuthorizationMatrix, RegistryRefusesBadInputAndNameClashes) {
  Account a = test::new_account("m");
  const std::string id = util::uuid4();
  EXPECT_EQ(register_public(id, "model", a.name, "../etc"), 400);
  EXPECT_EQ(register_public(id, "weights", a.name, "x"), 400);
  EXPECT_EQ(register_public(id, "model", "nobody-xyz-123", "x"), 404);
  ASSERT_EQ(register_public(id, "model", a.name, "x"), 204);
  EXPECT_EQ(register_public(util::uuid4(), "model", a.name, "X"), 409);
  EXPECT_EQ(internal("DELETE", "/internal/repos/" + id, "").status, 204);
  EXPECT_EQ(internal("DELETE", "/internal/repos/" + id, "").status, 404);
  // Not signed as a service: refused before anything is read.
  http::Client client(config::parse_host_port(test::require_env("HUB_TEST_AUTH")).value());
  http::ClientRequest req;
  req.method = "POST";
  req.target = "/internal/decide";
  req.body = "{}";
  EXPECT_EQ(client.send(req).status, 401);
}

}  // namespace
}  // namespace hub

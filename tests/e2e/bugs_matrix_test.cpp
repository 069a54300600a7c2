// The authorization matrix of bug reports: every endpoint for the matrix's people (anonymous,
// outsider, org reader, contributor, writer and admin, read, write and fine-grained tokens, a
// removed member), on a public and a private repo of the org. Readers file and comment; the write
// role triages, assigns, labels and manages labels and the template; authors edit their own text
// and close; a private repo's reports are invisible on every path to whoever may not read it.
#include <gtest/gtest.h>

#include "common/json/json.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/matrix_people.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::via_gateway;

int status_of(const std::string& method, const std::string& target, const std::string& token,
              const std::string& body = {}) {
  return via_gateway(method, target, token, body).status;
}

std::int64_t file(const std::string& bugs, const std::string& token) {
  auto doc = test::answer_json(via_gateway("POST", bugs, token, R"({"title":"matrix","body":"first"})"), 201);
  return doc.IsObject() && doc.HasMember("num") ? doc["num"].GetInt64() : 0;
}

TEST(BugsMatrix, WhoMayFileTriageAndManage) {
  test::MatrixPeople people;
  people.set_up();
  const auto& p = people;
  const test::TestRepo pub = test::new_repo(p.admin, false, p.org);
  const test::TestRepo priv = test::new_repo(p.admin, true, p.org);
  const std::string bugs = pub.api() + "/bugs";
  const std::int64_t num = file(bugs, p.admin.session);
  const std::string one = bugs + "/" + std::to_string(num);

  struct Row {
    const char* who;
    std::string token;
    int file;     // POST …/bugs on the public repo
    int comment;  // POST …/bugs/N/comments
    int triage;   // PATCH …/bugs/N {status: triaged} on a report of its own
    int label;    // POST …/labels
    int read_private;
  };
  const std::string anonymous;
  const std::vector<Row> rows = {
      {"anonymous", anonymous, 401, 401, 401, 401, 401},
      {"outsider", p.outsider.session, 201, 201, 403, 403, 404},
      {"org reader", p.reader.session, 201, 201, 403, 403, 200},
      {"contributor (not its creator)", p.contributor.session, 201, 201, 403, 403, 200},
      {"org writer", p.writer.session, 201, 201, 200, 201, 200},
      {"org admin", p.admin.session, 201, 201, 200, 201, 200},
      {"read token (admin's)", p.read_token.first, 403, 403, 403, 403, 200},
      {"write token (writer's)", p.write_token.first, 201, 201, 200, 201, 200},
      {"fine-grained elsewhere (admin's)", p.scoped_elsewhere.first, 403, 403, 403, 403, 404},
      {"removed member", p.removed.session, 201, 201, 403, 403, 404},
  };
  int label = 0;
  for (const Row& r : rows) {
    SCOPED_TRACE(r.who);
    EXPECT_EQ(status_of("GET", bugs, r.token), 200) << "a public repo's reports are anyone's to read";
    EXPECT_EQ(status_of("GET", one, r.token), 200);
    EXPECT_EQ(status_of("GET", one + "/timeline", r.token), 200);
    EXPECT_EQ(status_of("GET", pub.api() + "/labels", r.token), 200);
    EXPECT_EQ(status_of("GET", pub.api() + "/settings/bug-template", r.token), 200);
    EXPECT_EQ(status_of("GET", pub.api() + "/revision/main/known-bugs", r.token), 200);
    EXPECT_EQ(status_of("POST", bugs, r.token, R"({"title":"from the matrix"})"), r.file);
    EXPECT_EQ(status_of("POST", one + "/comments", r.token, R"({"comment":"hi"})"), r.comment);
    const std::string fresh = bugs + "/" + std::to_string(file(bugs, p.admin.session));
    EXPECT_EQ(status_of("PATCH", fresh, r.token, R"({"status":"triaged"})"), r.triage);
    const int write_ok = r.triage == 200 ? 200 : r.triage;
    EXPECT_EQ(status_of("PATCH", fresh, r.token, R"({"severity":"critical"})"), write_ok);
    EXPECT_EQ(status_of("PATCH", fresh, r.token, R"({"labels":[]})"), write_ok);
    EXPECT_EQ(status_of("PATCH", fresh, r.token, R"({"assignees":[")" + p.admin.name + R"("]})"), write_ok);
    EXPECT_EQ(status_of("PATCH", fresh, r.token, R"({"title":"not theirs"})"), write_ok)
        << "another's text: the write role only";
    EXPECT_EQ(status_of("POST", pub.api() + "/labels", r.token, R"({"name":"l)" + std::to_string(++label) + "\"}"),
              r.label);
    EXPECT_EQ(status_of("PUT", pub.api() + "/settings/bug-template", r.token, R"({"body":"b"})"), write_ok);
    EXPECT_EQ(status_of("GET", priv.api() + "/bugs", r.token), r.read_private);
  }

  // Authors edit their own report's text and close it; they do not triage it.
  const std::int64_t own = file(bugs, p.reader.session);
  const std::string mine = bugs + "/" + std::to_string(own);
  EXPECT_EQ(status_of("PATCH", mine, p.reader.session, R"({"title":"clearer","body":"steps"})"), 200);
  EXPECT_EQ(status_of("PATCH", mine, p.reader.session, R"({"environment":{"hardware":"T4"}})"), 200);
  EXPECT_EQ(status_of("PATCH", mine, p.outsider.session, R"({"title":"theirs"})"), 403);
  EXPECT_EQ(status_of("PATCH", mine, p.reader.session, R"({"status":"triaged"})"), 403);
  EXPECT_EQ(status_of("PATCH", mine, p.reader.session, R"({"fixedIn":"main"})"), 403);
  EXPECT_EQ(status_of("PATCH", mine, p.reader.session, R"({"status":"closed"})"), 200);
  EXPECT_EQ(status_of("PATCH", mine, p.outsider.session, R"({"status":"open"})"), 403);
  EXPECT_EQ(status_of("PATCH", mine, p.reader.session, R"({"status":"open"})"), 200);
  // A fine-grained token with discussion.write files; the write role besides triages.
  const std::string discuss =
      test::new_token(p.reader,
                      R"({"displayName":"d","role":"fineGrained","scoped":[{"entity":{"type":"org","name":")" + p.org +
                          R"("},"permissions":["discussion.write"]}]})")
          .first;
  EXPECT_EQ(status_of("POST", bugs, discuss, R"({"title":"via token"})"), 201);
  EXPECT_EQ(status_of("PATCH", mine, discuss, R"({"status":"triaged"})"), 403);
  const std::string both =
      test::new_token(p.admin, R"({"displayName":"b","role":"fineGrained","scoped":[{"entity":{"type":"org","name":")" +
                                   p.org + R"("},"permissions":["repo.write","discussion.write"]}]})")
          .first;
  EXPECT_EQ(status_of("PATCH", mine, both, R"({"status":"triaged"})"), 200);
  const std::string write_only =
      test::new_token(p.admin, R"({"displayName":"w","role":"fineGrained","scoped":[{"entity":{"type":"org","name":")" +
                                   p.org + R"("},"permissions":["repo.write"]}]})")
          .first;
  EXPECT_EQ(status_of("PATCH", mine, write_only, R"({"status":"in_progress"})"), 403)
      << "a credential that may not write to discussions does not triage either";
}

// A private repo's reports: 401 without credentials and 404 for whoever may not read it, on every
// path (list, search, one report, its timeline, known-bugs, labels, template), writes too.
TEST(BugsMatrix, APrivateReposReportsAreInvisibleOnEveryPath) {
  test::MatrixPeople people;
  people.set_up();
  const auto& p = people;
  const test::TestRepo priv = test::new_repo(p.admin, true, p.org);
  const std::string bugs = priv.api() + "/bugs";
  const std::int64_t num = file(bugs, p.admin.session);
  ASSERT_GT(num, 0);
  const std::string one = bugs + "/" + std::to_string(num);
  const std::vector<std::pair<std::string, std::string>> reads = {
      {"GET", bugs},
      {"GET", bugs + "?q=matrix"},
      {"GET", bugs + "?affects=main"},
      {"GET", one},
      {"GET", one + "/timeline"},
      {"GET", priv.api() + "/revision/main/known-bugs"},
      {"GET", priv.api() + "/labels"},
      {"GET", priv.api() + "/settings/bug-template"},
      {"POST", bugs},
      {"PATCH", one},
      {"POST", one + "/comments"},
      {"POST", priv.api() + "/labels"},
      {"DELETE", priv.api() + "/labels/x"},
      {"PUT", priv.api() + "/settings/bug-template"},
  };
  for (const auto& [method, path] : reads) {
    SCOPED_TRACE(method + " " + path);
    const std::string body = method == "GET" || method == "DELETE" ? "" : R"({"title":"x","comment":"x","body":"x"})";
    auto anonymous = via_gateway(method, path, "", body);
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(anonymous.headers.get("X-Error-Code"), "RepoNotFound");
    for (const std::string* token : {&p.outsider.session, &p.removed.session, &p.scoped_elsewhere.first}) {
      auto res = via_gateway(method, path, *token, body);
      EXPECT_EQ(res.status, 404);
      EXPECT_EQ(res.headers.get("X-Error-Code"), "RepoNotFound");
      EXPECT_EQ(res.body.find("matrix"), std::string::npos) << "nothing of the report leaks";
    }
  }
  EXPECT_EQ(status_of("GET", one, p.reader.session), 200) << "an org reader reads it";
}

}  // namespace
}  // namespace hub

// The authorization matrix of discussions: every new endpoint for the matrix's people (anonymous,
// outsider, org reader, contributor, writer and admin, read, write and fine-grained tokens), on a
// public and a private repo of the org; and the internal endpoints repos and pulls call.
#include <gtest/gtest.h>

#include "common/json/json.hpp"
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

std::int64_t open_thread(const std::string& base, const std::string& token) {
  auto res = via_gateway("POST", base, token, R"({"title":"matrix","description":"first"})");
  EXPECT_EQ(res.status, 200) << res.body;
  return json::parse_object(res.body).value()["num"].GetInt64();
}

std::string first_comment(const std::string& thread, const std::string& token) {
  auto doc = json::parse_object(via_gateway("GET", thread, token).body).value();
  return doc["events"][0]["id"].GetString();
}

TEST(DiscussionsMatrix, WhoMayReadWriteAndModerate) {
  test::MatrixPeople people;
  people.set_up();
  const auto& p = people;
  const test::TestRepo pub = test::new_repo(p.admin, false, p.org);
  const test::TestRepo priv = test::new_repo(p.admin, true, p.org);
  const std::string base = pub.api() + "/discussions";
  const std::int64_t num = open_thread(base, p.admin.session);
  const std::string thread = base + "/" + std::to_string(num);
  const std::string comment = R"({"comment":"hi"})";

  struct Row {
    const char* who;
    std::string token;
    int comment;   // POST …/comment on the public repo
    int moderate;  // POST …/lock on the public repo
    int list_private;
  };
  const std::string anonymous;
  const std::vector<Row> rows = {
      {"anonymous", anonymous, 401, 401, 401},
      {"outsider", p.outsider.session, 200, 403, 404},
      {"org reader", p.reader.session, 200, 403, 200},
      {"contributor (not its creator)", p.contributor.session, 200, 403, 200},
      {"org writer", p.writer.session, 200, 200, 200},
      {"org admin", p.admin.session, 200, 200, 200},
      {"read token (admin's)", p.read_token.first, 403, 403, 200},
      {"write token (writer's)", p.write_token.first, 200, 200, 200},
      {"fine-grained elsewhere (admin's)", p.scoped_elsewhere.first, 403, 403, 404},
      {"removed member", p.removed.session, 200, 403, 404},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.who);
    EXPECT_EQ(status_of("GET", base, r.token), 200) << "a public repo's threads are anyone's to read";
    EXPECT_EQ(status_of("POST", thread + "/comment", r.token, comment), r.comment);
    EXPECT_EQ(status_of("POST", thread + "/lock", r.token, R"({"locked":false})"), r.moderate);
    EXPECT_EQ(status_of("POST", thread + "/pin", r.token, R"({"pinned":false})"), r.moderate);
    EXPECT_EQ(status_of("GET", priv.api() + "/discussions", r.token), r.list_private);
  }
  // A fine-grained token with discussion.write on the org comments, and moderates only with the
  // write role besides (here: the admin's token with repo.write too).
  const std::string discuss =
      test::new_token(p.reader,
                      R"({"displayName":"d","role":"fineGrained","scoped":[{"entity":{"type":"org","name":")" + p.org +
                          R"("},"permissions":["discussion.write"]}]})")
          .first;
  EXPECT_EQ(status_of("POST", thread + "/comment", discuss, comment), 200);
  EXPECT_EQ(status_of("POST", thread + "/lock", discuss, R"({"locked":true})"), 403);
  const std::string both =
      test::new_token(p.admin, R"({"displayName":"b","role":"fineGrained","scoped":[{"entity":{"type":"org","name":")" +
                                   p.org + R"("},"permissions":["repo.write","discussion.write"]}]})")
          .first;
  EXPECT_EQ(status_of("POST", thread + "/lock", both, R"({"locked":true})"), 200);
  EXPECT_EQ(status_of("POST", thread + "/comment", p.reader.session, comment), 403) << "locked: write roles only";
  EXPECT_EQ(status_of("POST", thread + "/comment", p.writer.session, comment), 200);
  // Hiding and renaming: the write role (the thread's author renames too); editing: the author only.
  const std::string id = first_comment(thread, p.admin.session);
  EXPECT_EQ(status_of("POST", thread + "/comment/" + id + "/hide", p.reader.session), 403);
  EXPECT_EQ(status_of("POST", thread + "/title", p.reader.session, R"({"title":"mine now"})"), 403);
  EXPECT_EQ(status_of("POST", thread + "/title", p.writer.session, R"({"title":"renamed"})"), 200);
  EXPECT_EQ(status_of("POST", thread + "/comment/" + id + "/edit", p.writer.session, R"({"content":"x"})"), 403);
  EXPECT_EQ(status_of("POST", thread + "/comment/" + id + "/hide", p.writer.session), 200);
  // A private repo's threads: 401 without credentials, 404 for whoever may not read it, on writes too.
  EXPECT_EQ(status_of("POST", priv.api() + "/discussions", anonymous, R"({"title":"x"})"), 401);
  EXPECT_EQ(status_of("POST", priv.api() + "/discussions", p.outsider.session, R"({"title":"x"})"), 404);
  EXPECT_EQ(status_of("GET", priv.api() + "/discussions/1", p.outsider.session), 404);
  EXPECT_EQ(status_of("POST", priv.api() + "/discussions", p.reader.session, R"({"title":"x"})"), 200);
}

// What repos (for a commit with create_pr) and pulls call: a pull request's thread for a number
// repos allocated, its commits once each, its merge; refused unsigned.
TEST(DiscussionsMatrix, InternalEndpointsForPullRequestThreads) {
  const test::Account ada = test::new_account("di");
  const test::TestRepo repo = test::new_repo(ada, false);
  auto info = json::parse_object(via_gateway("GET", repo.api(), ada.session).body).value();
  const std::string repo_id = info["_id"].GetString();
  const std::string main_head = info["sha"].GetString();
  auto num_doc = json::parse_object(
      test::as_service("REPOS", "discussions", "POST", "/internal/repos/" + repo_id + "/numbers", "").body);
  ASSERT_TRUE(num_doc);
  const std::int64_t num = num_doc.value()["num"].GetInt64();
  const std::string where = R"("type":"model","namespace":")" + repo.ns + R"(","name":")" + repo.name + "\"";
  const std::string author = R"("author":{"id":")" + ada.id + R"(","name":")" + ada.name + R"("})";
  const std::string open =
      "{" + where + ",\"num\":" + std::to_string(num) +
      R"(,"title":"Upload weights","description":"via create_pr","base":"refs/heads/main","headSha":")" + main_head +
      "\"," + author + "}";
  auto call = [&](const std::string& path, const std::string& body) {
    return test::as_service("DISCUSSIONS", "repos", "POST", "/internal/repos/" + repo_id + path, body);
  };
  ASSERT_EQ(call("/threads", open).status, 200);
  EXPECT_EQ(call("/threads", open).status, 200) << "the same thread again, not a second one";
  const std::string sha(40, 'a');
  const std::string commit = "{" + where + R"(,"oid":")" + sha + R"(","subject":"Add weights",)" + author + "}";
  EXPECT_EQ(call("/threads/" + std::to_string(num) + "/commits", commit).status, 200);
  EXPECT_EQ(call("/threads/" + std::to_string(num) + "/commits", commit).status, 200);
  EXPECT_EQ(call("/threads/" + std::to_string(num) + "/commits",
                 "{" + where + R"(,"oid":"nope","subject":"x",)" + author + "}")
                .status,
            400);
  const std::string merged =
      "{" + where + R"(,"mergeCommitId":")" + std::string(40, 'b') + R"(","actor":{"name":")" + ada.name + R"("}})";
  EXPECT_EQ(call("/threads/" + std::to_string(num) + "/merged", merged).status, 200);
  auto details =
      json::parse_object(
          via_gateway("GET", repo.api() + "/discussions/" + std::to_string(num) + "?diff=1", ada.session).body)
          .value();
  EXPECT_TRUE(details["isPullRequest"].GetBool());
  EXPECT_EQ(std::string(details["status"].GetString()), "merged");
  EXPECT_EQ(std::string(details["changes"]["base"].GetString()), "refs/heads/main");
  EXPECT_EQ(std::string(details["changes"]["mergeCommitId"].GetString()), std::string(40, 'b'));
  EXPECT_TRUE(details["filesWithConflicts"].IsArray());
  int commits = 0;
  for (const auto& e : details["events"].GetArray())
    commits += std::string(e["type"].GetString()) == "commit";
  EXPECT_EQ(commits, 1) << "a commit is recorded once";
  EXPECT_EQ(via_gateway("POST", repo.api() + "/discussions/" + std::to_string(num) + "/status", ada.session,
                        R"({"status":"open"})")
                .status,
            409)
      << "merged stays merged";
  // Not signed as a service: refused.
  http::Client client(config::parse_host_port(test::require_env("HUB_TEST_DISCUSSIONS")).value());
  http::ClientRequest req;
  req.method = "POST";
  req.target = "/internal/repos/" + repo_id + "/threads";
  req.body = open;
  EXPECT_EQ(client.send(req).status, 401);
}

}  // namespace
}  // namespace hub

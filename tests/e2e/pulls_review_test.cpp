// Review and merge gates of pull requests through the gateway: protection requiring an approval, a
// green ci/eval status and a metric gate; merge refused with each unmet gate listed, then allowed
// once satisfied; a push to refs/pr/N dismissing a stale approval; the author's approval and
// that of someone who lost write never counting; conflicts listed; review requests; and a merge
// racing a push losing no commit.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "common/json/json.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/git_shell.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/matrix_people.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::Account;
using test::commit_on;
using test::TestRepo;
using test::via_gateway;

// A pull request by `a` changing `path` to `content` (create_pr=1): its number.
std::int64_t propose(const Account& a, const TestRepo& r, const std::string& path, const std::string& content) {
  auto doc = test::answer_json(test::commit_lines(
      a.session, r, {test::commit_header_line("Change " + path), test::commit_file_line(path, content)},
      "main?create_pr=1"));
  const std::string url = doc.IsObject() && doc.HasMember("pullRequestUrl") ? doc["pullRequestUrl"].GetString() : "/0";
  return std::stoll(url.substr(url.rfind('/') + 1));
}

std::string pull(const TestRepo& r, std::int64_t num) {
  return r.api() + "/discussions/" + std::to_string(num);
}

std::set<std::string> unmet_gates(const Account& a, const TestRepo& r, std::int64_t num) {
  std::set<std::string> out;
  auto doc = test::answer_json(via_gateway("GET", pull(r, num) + "/mergeability", a.session));
  if (!doc.IsObject()) return {"?"};
  for (const auto& g : doc["unmet"].GetArray())
    out.insert(g["gate"].GetString());
  EXPECT_EQ(doc["mergeable"].GetBool(), out.empty());
  return out;
}

http::ClientResponse review(const Account& a, const TestRepo& r, std::int64_t num, const std::string& body) {
  return via_gateway("POST", pull(r, num) + "/reviews", a.session, body);
}

void report_status(const Account& a, const TestRepo& r, const std::string& sha, double accuracy) {
  auto res =
      via_gateway("POST", r.api() + "/statuses/" + sha, a.session,
                  R"({"state":"success","context":"ci/eval","metrics":{"accuracy":)" + std::to_string(accuracy) + "}}");
  ASSERT_EQ(res.status, 201) << res.body;
}

std::string pr_head(const Account& a, const TestRepo& r, std::int64_t num) {
  auto doc = test::answer_json(via_gateway("GET", pull(r, num) + "/mergeability", a.session));
  return doc.IsObject() && doc.HasMember("head") ? doc["head"]["oid"].GetString() : "";
}

constexpr const char* kProtection =
    R"({"rules":[{"pattern":"main","requiredApprovals":1,"requiredStatusChecks":["ci/eval"],)"
    R"("dismissStaleApprovals":true,"blockOnChangesRequested":true,)"
    R"("metricGates":[{"context":"ci/eval","metric":"accuracy","direction":"higherIsBetter","maxRegression":0.01}]}]})";

TEST(PullReviews, GatesRefuseTheMergeUntilEachIsMet) {
  test::MatrixPeople p;
  p.set_up();
  const TestRepo repo = test::new_repo(p.admin, true, p.org);
  const std::string base = commit_on(p.admin, repo, "main", "config.json", "{\n  \"layers\": 2,\n  \"heads\": 4\n}\n");
  ASSERT_EQ(via_gateway("PUT", repo.api() + "/settings/protection", p.admin.session, kProtection).status, 200);

  const std::int64_t num = propose(p.writer, repo, "config.json", "{\n  \"layers\": 4,\n  \"heads\": 4\n}\n");
  ASSERT_GT(num, 0);
  EXPECT_EQ(unmet_gates(p.admin, repo, num), (std::set<std::string>{"approvals", "statusCheck", "metricGate"}));

  // A reader of the private repo may comment but not approve; the author's own approval counts for nothing.
  EXPECT_EQ(review(p.reader, repo, num, R"({"state":"approve"})").status, 403);
  EXPECT_EQ(review(p.reader, repo, num, R"({"state":"comment","body":"Looks fine to me"})").status, 201);
  EXPECT_EQ(review(p.writer, repo, num, R"({"state":"approve"})").status, 201);
  EXPECT_TRUE(unmet_gates(p.admin, repo, num).contains("approvals"));

  // CI reports: the base at 0.80, the head at 0.70 (a regression beyond the 0.01 allowed).
  report_status(p.admin, repo, base, 0.80);
  const std::string head = pr_head(p.admin, repo, num);
  report_status(p.admin, repo, head, 0.70);
  auto approval =
      test::answer_json(review(p.admin, repo, num,
                               R"({"state":"approve","body":"Good","comments":[{"path":"config.json","line":2,)"
                               R"("side":"new","body":"Four layers: check the latency"}]})"),
                        201);
  EXPECT_EQ(approval["comments"].Size(), 1U);
  auto gates = test::answer_json(via_gateway("GET", pull(repo, num) + "/mergeability", p.admin.session));
  ASSERT_EQ(gates["unmet"].Size(), 1U) << "only the metric gate is left";
  EXPECT_EQ(std::string(gates["unmet"][0]["gate"].GetString()), "metricGate");
  EXPECT_DOUBLE_EQ(gates["unmet"][0]["base"].GetDouble(), 0.80);
  EXPECT_DOUBLE_EQ(gates["unmet"][0]["head"].GetDouble(), 0.70);
  auto refused = via_gateway("POST", pull(repo, num) + "/merge", p.writer.session, "{}");
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("metricGate"), std::string::npos) << refused.body;

  report_status(p.admin, repo, head, 0.795);
  EXPECT_TRUE(unmet_gates(p.admin, repo, num).empty());

  // A push to refs/pr/N: the approval is stale now (dismissed), and the new head has no status.
  commit_on(p.writer, repo, "refs%2Fpr%2F" + std::to_string(num), "notes.md", "why four layers\n");
  EXPECT_EQ(unmet_gates(p.admin, repo, num), (std::set<std::string>{"approvals", "statusCheck", "metricGate"}));
  auto reviews = test::answer_json(via_gateway("GET", pull(repo, num) + "/reviews", p.reader.session));
  int dismissed = 0;
  for (const auto& r : reviews["reviews"].GetArray())
    dismissed += r["dismissed"].GetBool();
  EXPECT_EQ(dismissed, 2) << "the writer's and the admin's approvals, both given on the old head";
  bool found = false;
  for (const auto& c : reviews["comments"].GetArray()) {
    if (std::string(c["path"].GetString()) != "config.json") continue;
    found = true;
    EXPECT_FALSE(c["outdated"].GetBool()) << "its line did not change";
    EXPECT_EQ(c["currentLine"].GetInt(), 2);
  }
  EXPECT_TRUE(found);

  const std::string new_head = pr_head(p.admin, repo, num);
  report_status(p.admin, repo, new_head, 0.81);
  EXPECT_EQ(review(p.admin, repo, num, R"({"state":"approve"})").status, 201);
  EXPECT_TRUE(unmet_gates(p.admin, repo, num).empty());

  // A contributor may not merge into protected main; a writer may.
  EXPECT_EQ(via_gateway("POST", pull(repo, num) + "/merge", p.contributor.session, "").status, 403);
  auto merged =
      test::answer_json(via_gateway("POST", pull(repo, num) + "/merge", p.writer.session, R"({"comment":"Ship it"})"));
  const std::string merge_commit = merged["mergeCommitId"].GetString();
  EXPECT_EQ(test::repo_field(p.admin.session, repo, "sha"), merge_commit);
  auto thread = test::answer_json(via_gateway("GET", pull(repo, num), p.admin.session));
  EXPECT_EQ(std::string(thread["status"].GetString()), "merged") << "at once";
  EXPECT_EQ(std::string(thread["changes"]["mergeCommitId"].GetString()), merge_commit);
  EXPECT_NE(via_gateway("GET", pull(repo, num), p.admin.session).body.find("Ship it"), std::string::npos)
      << "the merger's comment is in the thread";
  EXPECT_EQ(thread["filesWithConflicts"].Size(), 0U);
  // Who may not read the private repo learns nothing of its pull requests.
  for (const char* path : {"/mergeability", "/reviews", "/files", "/diff?path=config.json"}) {
    EXPECT_EQ(via_gateway("GET", pull(repo, num) + path, p.outsider.session).status, 404) << path;
    EXPECT_EQ(via_gateway("GET", pull(repo, num) + path, "").status, 401) << path;
  }
  EXPECT_EQ(review(p.outsider, repo, num, R"({"state":"comment","body":"hi"})").status, 404);
  EXPECT_EQ(via_gateway("POST", pull(repo, num) + "/merge", p.writer.session, "").status, 409);
}

std::vector<std::string> commit_subjects(const Account& a, const TestRepo& r, std::int64_t num) {
  std::vector<std::string> out;
  auto details = test::answer_json(via_gateway("GET", pull(r, num), a.session));
  if (!details.IsObject()) return out;
  for (const auto& e : details["events"].GetArray())
    if (std::string(e["type"].GetString()) == "commit") out.emplace_back(e["data"]["subject"].GetString());
  return out;
}

TEST(PullReviews, AGitPushToThePullRefIsACommitEventAndDismissesStaleApprovals) {
  test::MatrixPeople p;
  p.set_up();
  const TestRepo repo = test::new_repo(p.admin, false, p.org);
  commit_on(p.admin, repo, "main", "a.txt", "1\n");
  ASSERT_EQ(via_gateway("PUT", repo.api() + "/settings/protection", p.admin.session,
                        R"({"rules":[{"pattern":"main","requiredApprovals":1,"dismissStaleApprovals":true}]})")
                .status,
            200);
  const std::int64_t num = propose(p.writer, repo, "a.txt", "2\n");
  EXPECT_EQ(review(p.admin, repo, num, R"({"state":"approve"})").status, 201);
  EXPECT_TRUE(unmet_gates(p.admin, repo, num).empty());

  test::TempDir dir;
  const auto gw = test::stack_gateway();
  const std::string url = "http://" + p.writer.name + ":" + p.writer.session + "@" + gw.host + ":" +
                          std::to_string(gw.port) + "/" + repo.path();
  const std::string ref = "refs/pr/" + std::to_string(num);
  auto pushed = test::sh(dir.path(), "git clone -q " + url + " work && cd work && git fetch -q origin " + ref +
                                         " && git checkout -q FETCH_HEAD && echo 3 > a.txt && git commit -qam \"pushed "
                                         "with git\" && git push -q origin HEAD:" +
                                         ref);
  ASSERT_EQ(pushed.status, 0) << pushed.output;
  EXPECT_TRUE(test::eventually([&] {
    const auto subjects = commit_subjects(p.admin, repo, num);
    return subjects == std::vector<std::string>{"Change a.txt", "pushed with git"};
  })) << "the pushed commit appears in the thread, after the one that opened it";
  EXPECT_EQ(unmet_gates(p.admin, repo, num), std::set<std::string>{"approvals"}) << "the approval is stale";
}

TEST(PullReviews, AnApprovalCountsOnlyWhileItsReviewerMayWrite) {
  test::MatrixPeople p;
  p.set_up();
  const TestRepo repo = test::new_repo(p.admin, false, p.org);
  commit_on(p.admin, repo, "main", "a.txt", "1\n");
  ASSERT_EQ(via_gateway("PUT", repo.api() + "/settings/protection", p.admin.session,
                        R"({"rules":[{"pattern":"main","requiredApprovals":1}]})")
                .status,
            200);
  const std::int64_t num = propose(p.admin, repo, "a.txt", "2\n");
  EXPECT_EQ(review(p.writer, repo, num, R"({"state":"approve"})").status, 201);
  EXPECT_TRUE(unmet_gates(p.admin, repo, num).empty());
  p.set_role(p.writer, "read");
  EXPECT_EQ(unmet_gates(p.admin, repo, num), std::set<std::string>{"approvals"});
}

TEST(PullReviews, TheMergeEventCarriesTheShasAndWhatItCloses) {
  Account ada = test::new_account("pt");
  const TestRepo repo = test::new_repo(ada, false);
  commit_on(ada, repo, "main", "a.txt", "1\n");
  auto made = test::answer_json(test::commit_lines(
      ada.session, repo,
      {R"({"key":"header","value":{"summary":"Better a","description":"Fixes #12, closes #3; see #4"}})",
       test::commit_file_line("a.txt", "2\n")},
      "main?create_pr=1"));
  const std::string url = made["pullRequestUrl"].GetString();
  const std::int64_t num = std::stoll(url.substr(url.rfind('/') + 1));
  test::answer_json(test::commit_lines(
      ada.session, repo, {test::commit_header_line("Resolves #7"), test::commit_file_line("b.txt", "b\n")},
      "refs%2Fpr%2F" + std::to_string(num)));
  auto merged =
      test::answer_json(via_gateway("POST", pull(repo, num) + "/merge", ada.session, R"({"strategy":"squash"})"));
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  auto row = tx.exec_params(
      "SELECT payload -> 'data' FROM pulls.outbox WHERE type = 'pull.merged' AND payload -> 'data' ->> "
      "'mergeCommitId' = $1",
      std::string(merged["mergeCommitId"].GetString()));
  ASSERT_EQ(row.size(), 1U);
  auto data = json::parse_object(row[0][0].as<std::string>()).value();
  std::vector<std::int64_t> closes;
  for (const auto& n : data["closes"].GetArray())
    closes.push_back(n.GetInt64());
  EXPECT_EQ(closes, (std::vector<std::int64_t>{3, 7, 12})) << "from the description and a commit; #4 is a mention";
  EXPECT_EQ(std::string(data["strategy"].GetString()), "squash");
  EXPECT_EQ(std::string(data["audit"]["action"].GetString()), "pull_request.merge");
}

TEST(PullReviews, RepliesResolvingAndMultiLineComments) {
  test::MatrixPeople p;
  p.set_up();
  const TestRepo repo = test::new_repo(p.admin, false, p.org);
  commit_on(p.admin, repo, "main", "train.py", "import torch\nlr = 0.1\nepochs = 3\nprint(lr)\n");
  const std::int64_t num = propose(p.writer, repo, "train.py", "import torch\nlr = 0.01\nepochs = 30\nprint(lr)\n");
  auto given = test::answer_json(
      review(p.admin, repo, num,
             R"({"state":"comment","comments":[{"path":"train.py","startLine":2,"line":3,"body":"Why both?"},)"
             R"({"path":"train.py","line":2,"side":"old","body":"The old rate"}]})"),
      201);
  ASSERT_EQ(given["comments"].Size(), 2U);
  const std::string first = given["comments"][0]["id"].GetString();
  EXPECT_EQ(
      review(p.admin, repo, num, R"({"state":"comment","comments":[{"path":"train.py","line":9,"body":"x"}]})").status,
      400)
      << "a line the file does not have";
  EXPECT_EQ(
      review(p.admin, repo, num, R"({"state":"comment","comments":[{"path":"nope.py","line":1,"body":"x"}]})").status,
      400);
  EXPECT_EQ(review(p.admin, repo, num, R"({"state":"comment"})").status, 400) << "nothing said";

  const std::string comment = pull(repo, num) + "/reviews/comments/" + first;
  EXPECT_EQ(via_gateway("POST", comment + "/replies", p.reader.session, R"({"body":"Agreed"})").status, 201);
  EXPECT_EQ(via_gateway("POST", comment + "/resolve", p.reader.session, "").status, 403)
      << "neither its author, the pull request's, nor a writer";
  auto resolved = test::answer_json(via_gateway("POST", comment + "/resolve", p.writer.session, ""));
  EXPECT_TRUE(resolved["resolved"].GetBool());
  EXPECT_EQ(std::string(resolved["resolvedBy"].GetString()), p.writer.name);
  auto state = test::answer_json(via_gateway("GET", pull(repo, num) + "/reviews", p.reader.session));
  ASSERT_EQ(state["comments"].Size(), 3U);
  EXPECT_EQ(state["comments"][0]["startLine"].GetInt(), 2);
  EXPECT_EQ(state["comments"][0]["line"].GetInt(), 3);
  EXPECT_EQ(std::string(state["comments"][1]["side"].GetString()), "old");
  EXPECT_EQ(std::string(state["comments"][2]["inReplyTo"].GetString()), first);
  EXPECT_TRUE(
      test::answer_json(via_gateway("POST", comment + "/unresolve", p.admin.session, ""))["resolved"].IsFalse());
  EXPECT_EQ(via_gateway("POST", pull(repo, num) + "/reviews/comments/00000000-0000-4000-8000-000000000000/replies",
                        p.reader.session, R"({"body":"?"})")
                .status,
            404);
}

TEST(PullReviews, FilesAndDiffsArePaged) {
  Account ada = test::new_account("pu");
  const TestRepo repo = test::new_repo(ada, false);
  test::answer_json(
      test::commit_lines(ada.session, repo,
                         {test::commit_header_line("three files"), test::commit_file_line("a.txt", "a\n"),
                          test::commit_file_line("b.txt", "1\n2\n3\n4\n"), test::commit_file_line("c.txt", "c\n")}));
  auto made = test::answer_json(test::commit_lines(
      ada.session, repo,
      {test::commit_header_line("change"), test::commit_file_line("a.txt", "A\n"),
       test::commit_file_line("b.txt", "1\ntwo\n3\nfour\n"), R"({"key":"deletedFile","value":{"path":"c.txt"}})"},
      "main?create_pr=1"));
  const std::string url = made["pullRequestUrl"].GetString();
  const std::string one = repo.api() + "/discussions/" + url.substr(url.rfind('/') + 1);
  std::vector<std::string> paths;
  std::string target = one + "/files?limit=2";
  for (int guard = 0; guard < 5 && !target.empty(); ++guard) {
    auto res = via_gateway("GET", target, ada.session);
    auto page = test::answer_json(res);
    for (const auto& f : page["files"].GetArray())
      paths.emplace_back(f["path"].GetString());
    const std::string link(res.headers.get("Link"));
    target = link.empty() ? "" : link.substr(link.find("/api/"), link.find('>') - link.find("/api/"));
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"a.txt", "b.txt", "c.txt"}));

  auto diff = test::answer_json(via_gateway("GET", one + "/diff?path=b.txt", ada.session));
  int added = 0, removed = 0;
  for (const auto& h : diff["hunks"].GetArray())
    for (const auto& l : h["lines"].GetArray()) {
      added += std::string(l["kind"].GetString()) == "add";
      removed += std::string(l["kind"].GetString()) == "del";
    }
  EXPECT_EQ(added, 2);
  EXPECT_EQ(removed, 2);
  auto first = via_gateway("GET", one + "/diff?path=b.txt&limit=2", ada.session);
  EXPECT_NE(std::string(first.headers.get("Link")).find("offset=2"), std::string::npos) << first.body;
  EXPECT_EQ(via_gateway("GET", one + "/diff?path=zzz.txt", ada.session).status, 404);
  EXPECT_EQ(via_gateway("GET", one + "/diff", ada.session).status, 400);
  EXPECT_EQ(via_gateway("GET", one + "/files?limit=0", ada.session).status, 400);
  EXPECT_EQ(via_gateway("GET", one + "/files?cursor=forged", ada.session).status, 400);
}

TEST(PullReviews, ConflictsAreListedAndRefuseTheMerge) {
  Account ada = test::new_account("pr");
  const TestRepo repo = test::new_repo(ada, false);
  commit_on(ada, repo, "main", "config.json", "{\"layers\": 2}\n");
  const std::int64_t num = propose(ada, repo, "config.json", "{\"layers\": 4}\n");
  commit_on(ada, repo, "main", "config.json", "{\"layers\": 3}\n");
  auto gates = test::answer_json(via_gateway("GET", pull(repo, num) + "/mergeability", ada.session));
  ASSERT_EQ(gates["unmet"].Size(), 1U);
  EXPECT_EQ(std::string(gates["unmet"][0]["gate"].GetString()), "conflicts");
  EXPECT_EQ(std::string(gates["unmet"][0]["paths"][0].GetString()), "config.json");
  EXPECT_EQ(via_gateway("POST", pull(repo, num) + "/merge", ada.session, "").status, 409);
  // get_discussion_details shows them too.
  auto details = test::answer_json(via_gateway("GET", pull(repo, num) + "?diff=1", ada.session));
  ASSERT_TRUE(details["filesWithConflicts"].IsArray());
  ASSERT_EQ(details["filesWithConflicts"].Size(), 1U);
  EXPECT_EQ(std::string(details["filesWithConflicts"][0].GetString()), "config.json");
}

TEST(PullReviews, ReviewRequestsNameReadersAndTeams) {
  test::MatrixPeople p;
  p.set_up();
  const TestRepo repo = test::new_repo(p.admin, true, p.org);
  commit_on(p.admin, repo, "main", "a.txt", "1\n");
  const std::int64_t num = propose(p.writer, repo, "a.txt", "2\n");
  auto asked =
      test::answer_json(via_gateway("POST", pull(repo, num) + "/reviewers", p.writer.session,
                                    R"({"users":[")" + p.reader.name + R"("],"teams":[")" + p.org + R"(/vision"]})"));
  EXPECT_EQ(std::string(asked["requestedReviewers"]["users"][0].GetString()), p.reader.name);
  EXPECT_EQ(std::string(asked["requestedReviewers"]["teams"][0].GetString()), p.org + "/vision");
  auto outsider = via_gateway("POST", pull(repo, num) + "/reviewers", p.writer.session,
                              R"({"users":[")" + p.outsider.name + R"("]})");
  EXPECT_EQ(outsider.status, 400) << "someone who may not read the private repo";
  EXPECT_EQ(
      via_gateway("POST", pull(repo, num) + "/reviewers", p.reader.session, R"({"users":[")" + p.admin.name + R"("]})")
          .status,
      403)
      << "a reader who is not the author may not ask";
}

TEST(PullReviews, AMergeRacingAPushLosesNoCommit) {
  Account ada = test::new_account("ps");
  const TestRepo repo = test::new_repo(ada, false);
  commit_on(ada, repo, "main", "a.txt", "1\n");
  for (int round = 0; round < 3; ++round) {
    const std::int64_t num = propose(ada, repo, "b" + std::to_string(round) + ".txt", "pr\n");
    http::ClientResponse merged, pushed;
    std::thread merge([&] { merged = via_gateway("POST", pull(repo, num) + "/merge", ada.session, ""); });
    std::thread push([&] {
      pushed = test::commit_lines(ada.session, repo,
                                  {test::commit_header_line("race " + std::to_string(round)),
                                   test::commit_file_line("c" + std::to_string(round) + ".txt", "x\n")});
    });
    merge.join();
    push.join();
    ASSERT_TRUE(merged.status == 200 || merged.status == 409) << merged.body;
    auto log = json::parse(via_gateway("GET", repo.api() + "/commits/main", ada.session).body);
    ASSERT_TRUE(log && log.value().IsArray());
    std::set<std::string> on_main;
    for (const auto& c : log.value().GetArray())
      on_main.insert(c["id"].GetString());
    if (pushed.status == 200) {
      EXPECT_TRUE(on_main.contains(json::parse_object(pushed.body).value()["commitOid"].GetString()))
          << "the pushed commit is on main";
    }
    if (merged.status == 200) {
      EXPECT_TRUE(on_main.contains(json::parse_object(merged.body).value()["mergeCommitId"].GetString()))
          << "the merge commit is on main";
    }
  }
}

}  // namespace
}  // namespace hub

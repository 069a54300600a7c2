// Pull requests through the gateway as the Hub's clients open them: huggingface_hub's
// create_pull_request (discussions API with pullRequest: true) makes a draft with refs/pr/N at the
// base's head, commits go to refs/pr/N, `status: open` publishes it; and our addition, a pull
// request from an existing branch (head). Nothing is stored for a refused one.
#include <gtest/gtest.h>

#include "common/json/json.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/git_shell.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::Account;
using test::commit_on;
using test::TestRepo;
using test::via_gateway;

// The commit refs/pr/N points at, "" when there is no such ref.
std::string pull_ref_target(const Account& a, const TestRepo& r, std::int64_t num) {
  auto refs = test::answer_json(via_gateway("GET", r.api() + "/refs?include_prs=1", a.session));
  if (!refs.IsObject() || !refs.HasMember("pullRequests")) return "";
  for (const auto& p : refs["pullRequests"].GetArray())
    if (std::string(p["ref"].GetString()) == "refs/pr/" + std::to_string(num)) return p["targetCommit"].GetString();
  return "";
}

std::int64_t count_threads(const Account& a, const TestRepo& r) {
  auto doc = test::answer_json(via_gateway("GET", r.api() + "/discussions", a.session));
  return doc.IsObject() ? doc["count"].GetInt64() : -1;
}

TEST(PullRequests, OpenedAsTheHubsPythonClientDoes) {
  Account ada = test::new_account("pa");
  Account bob = test::new_account("pb");
  const TestRepo repo = test::new_repo(ada, false);
  const std::string main_head = commit_on(ada, repo, "main", "config.json", "{\"hidden_size\": 8}\n");
  ASSERT_FALSE(main_head.empty());

  // create_pull_request(repo_id, title, description): any reader may open one.
  auto created =
      test::answer_json(via_gateway("POST", repo.api() + "/discussions", bob.session,
                                    R"({"title":"Bigger hidden size","description":"fixes #1","pullRequest":true})"));
  const std::int64_t num = created["num"].GetInt64();
  EXPECT_EQ(pull_ref_target(ada, repo, num), main_head) << "refs/pr/N starts at the base's head";

  auto details = test::answer_json(
      via_gateway("GET", repo.api() + "/discussions/" + std::to_string(num) + "?diff=1", ada.session));
  EXPECT_TRUE(details["isPullRequest"].GetBool());
  EXPECT_EQ(std::string(details["status"].GetString()), "draft");
  EXPECT_EQ(std::string(details["changes"]["base"].GetString()), "refs/heads/main");

  // upload_folder then commits to refs%2Fpr%2FN.
  const std::string pr_head =
      commit_on(ada, repo, "refs%2Fpr%2F" + std::to_string(num), "config.json", "{\"hidden_size\": 16}\n");
  ASSERT_FALSE(pr_head.empty());
  EXPECT_EQ(pull_ref_target(ada, repo, num), pr_head);

  // Publishing: draft → open, never back.
  auto published = via_gateway("POST", repo.api() + "/discussions/" + std::to_string(num) + "/status", bob.session,
                               R"({"status":"open"})");
  EXPECT_EQ(published.status, 200) << published.body;
  auto back = via_gateway("POST", repo.api() + "/discussions/" + std::to_string(num) + "/status", bob.session,
                          R"({"status":"draft"})");
  EXPECT_GE(back.status, 400);
  EXPECT_LT(back.status, 500);
}

TEST(PullRequests, OpenedFromAnExistingBranch) {
  Account ada = test::new_account("pc");
  const TestRepo repo = test::new_repo(ada, false);
  commit_on(ada, repo, "main", "README.md", "# model\n");
  ASSERT_EQ(via_gateway("POST", repo.api() + "/branch/feature", ada.session, "{}").status, 200);
  const std::string feature_head = commit_on(ada, repo, "feature", "config.json", "{}\n");
  ASSERT_FALSE(feature_head.empty());

  auto created = test::answer_json(via_gateway("POST", repo.api() + "/discussions", ada.session,
                                               R"({"title":"From a branch","pullRequest":true,"head":"feature"})"));
  EXPECT_EQ(pull_ref_target(ada, repo, created["num"].GetInt64()), feature_head);

  // A branch the repo lacks, or head without a pull request: refused, and no thread appears.
  const std::int64_t before = count_threads(ada, repo);
  auto missing = via_gateway("POST", repo.api() + "/discussions", ada.session,
                             R"({"title":"Nowhere","pullRequest":true,"head":"no-such-branch"})");
  EXPECT_EQ(missing.status, 404) << missing.body;
  auto not_pr = via_gateway("POST", repo.api() + "/discussions", ada.session, R"({"title":"x","head":"feature"})");
  EXPECT_EQ(not_pr.status, 400) << not_pr.body;
  EXPECT_EQ(count_threads(ada, repo), before);
}

// The subjects of the thread's commit events, in order.
std::vector<std::string> commit_events(const Account& a, const TestRepo& r, std::int64_t num) {
  std::vector<std::string> out;
  auto details = test::answer_json(via_gateway("GET", r.api() + "/discussions/" + std::to_string(num), a.session));
  if (!details.IsObject()) return out;
  for (const auto& e : details["events"].GetArray())
    if (std::string(e["type"].GetString()) == "commit") out.emplace_back(e["data"]["subject"].GetString());
  return out;
}

TEST(PullRequests, ACommitWithCreatePrOpensOneAsTheHubDoes) {
  Account ada = test::new_account("pe");
  Account bob = test::new_account("pf");
  const TestRepo repo = test::new_repo(ada, false);
  const std::string main_head = commit_on(ada, repo, "main", "config.json", "{\"layers\": 2}\n");

  // create_commit(…, create_pr=True) by someone who may only read: preupload, then the commit.
  auto pre = via_gateway("POST", repo.api() + "/preupload/main?create_pr=1", bob.session,
                         R"({"files":[{"path":"config.json","sample":"e30K","size":3}]})");
  EXPECT_EQ(pre.status, 200) << pre.body;
  // Their LFS objects too, as upload_folder(create_pr=True) sends them.
  const std::string weights(4096, 'w');
  EXPECT_EQ(test::upload_lfs(bob.session, repo.path(), weights), 200);
  auto res = test::commit_lines(
      bob.session, repo,
      {R"({"key":"header","value":{"summary":"Four layers","description":"As discussed"}})",
       test::commit_file_line("config.json", "{\"layers\": 4}\n"), test::commit_lfs_line("weights.bin", weights)},
      "main?create_pr=1");
  auto made = test::answer_json(res);
  ASSERT_TRUE(made.HasMember("pullRequestUrl")) << res.body;
  const std::string url = made["pullRequestUrl"].GetString();
  const std::string tail = url.substr(url.rfind("/discussions/") + 13);
  const std::int64_t num = std::stoll(tail);
  EXPECT_EQ(pull_ref_target(ada, repo, num), made["commitOid"].GetString());
  EXPECT_EQ(test::repo_field(ada.session, repo, "sha"), main_head) << "main is untouched";

  auto details = test::answer_json(via_gateway("GET", repo.api() + "/discussions/" + std::to_string(num), ada.session));
  EXPECT_TRUE(details["isPullRequest"].GetBool());
  EXPECT_EQ(std::string(details["title"].GetString()), "Four layers");
  EXPECT_EQ(std::string(details["author"]["name"].GetString()), bob.name);
  EXPECT_TRUE(test::eventually([&] {
    return commit_events(ada, repo, num) == std::vector<std::string>{"Four layers"};
  })) << "the commit appears in the thread";

  // Its author adds commits to it (upload_folder(revision="refs/pr/N")); another reader may not.
  EXPECT_FALSE(commit_on(bob, repo, "refs%2Fpr%2F" + tail, "notes.md", "more\n").empty());
  Account carol = test::new_account("pz");
  auto other = test::commit_lines(
      carol.session, repo, {test::commit_header_line("x"), test::commit_file_line("a", "b")}, "refs%2Fpr%2F" + tail);
  EXPECT_EQ(other.status, 403) << other.body;
  // A plain commit to a branch still takes the write role.
  auto refused =
      test::commit_lines(bob.session, repo, {test::commit_header_line("x"), test::commit_file_line("a", "b")});
  EXPECT_EQ(refused.status, 403) << refused.body;
}

// A clone of the repo as `who`, in `dir`/work.
test::ShellResult clone_as(const Account& who, const TestRepo& r, const test::TempDir& dir) {
  const auto gw = test::stack_gateway();
  return test::sh(dir.path(), "git clone -q http://" + who.name + ":" + who.session + "@" + gw.host + ":" +
                                  std::to_string(gw.port) + "/" + r.path() + " work");
}

TEST(PullRequests, ItsAuthorPushesToItWithGitAndNobodyElseWithoutWrite) {
  Account ada = test::new_account("ph");
  Account bob = test::new_account("pi");
  Account carol = test::new_account("pj");
  const TestRepo repo = test::new_repo(ada, false);
  commit_on(ada, repo, "main", "a.txt", "1\n");
  auto made = test::answer_json(test::commit_lines(
      bob.session, repo, {test::commit_header_line("Proposal"), test::commit_file_line("a.txt", "2\n")},
      "main?create_pr=1"));
  const std::string url = made["pullRequestUrl"].GetString();
  const std::int64_t num = std::stoll(url.substr(url.rfind('/') + 1));
  const std::string ref = "refs/pr/" + std::to_string(num);

  test::TempDir dir;
  ASSERT_EQ(clone_as(bob, repo, dir).status, 0);
  auto pushed =
      test::sh(dir.path() + "/work", "git fetch -q origin " + ref +
                                         " && git checkout -q FETCH_HEAD && echo 3 > a.txt && git commit -qam "
                                         "\"From git\" && git push -q origin HEAD:" +
                                         ref);
  ASSERT_EQ(pushed.status, 0) << pushed.output;
  EXPECT_TRUE(test::eventually([&] {
    return commit_events(ada, repo, num) == std::vector<std::string>{"Proposal", "From git"};
  }));
  auto to_main = test::sh(dir.path() + "/work", "git push -q origin HEAD:main");
  EXPECT_NE(to_main.status, 0) << "a reader may not push to a branch";
  EXPECT_NE(to_main.output.find("refs/pr/N"), std::string::npos) << to_main.output;
  EXPECT_NE(test::sh(dir.path() + "/work", "git push -q origin HEAD:refs/pr/999").status, 0)
      << "nor create a pull request's ref";

  test::TempDir other;
  ASSERT_EQ(clone_as(carol, repo, other).status, 0);
  auto theirs = test::sh(other.path() + "/work", "git fetch -q origin " + ref +
                                                     " && git checkout -q FETCH_HEAD && echo 4 > a.txt && git commit "
                                                     "-qam x && git push -q origin HEAD:" +
                                                     ref);
  EXPECT_NE(theirs.status, 0) << "only its author and the write role";
  EXPECT_NE(theirs.output.find("only its author"), std::string::npos) << theirs.output;
}

TEST(PullRequests, CommitsPushedToTheRefAppearOnceEachInTheThread) {
  Account ada = test::new_account("pg");
  const TestRepo repo = test::new_repo(ada, false);
  commit_on(ada, repo, "main", "README.md", "# model\n");
  ASSERT_EQ(via_gateway("POST", repo.api() + "/branch/feature", ada.session, "{}").status, 200);
  commit_on(ada, repo, "feature", "a.txt", "1");
  auto created = test::answer_json(via_gateway("POST", repo.api() + "/discussions", ada.session,
                                               R"({"title":"From a branch","pullRequest":true,"head":"feature"})"));
  const std::int64_t num = created["num"].GetInt64();
  const std::string pr = "refs%2Fpr%2F" + std::to_string(num);
  commit_on(ada, repo, pr, "b.txt", "2");
  commit_on(ada, repo, pr, "c.txt", "3");
  const std::vector<std::string> expected{"put a.txt", "put b.txt", "put c.txt"};
  EXPECT_TRUE(test::eventually([&] { return commit_events(ada, repo, num) == expected; }))
      << "the branch's commit, then the two pushed to refs/pr/N";
}

TEST(PullRequests, ReviewRoutesOfANumberThatIsNoPullRequestAre404) {
  Account ada = test::new_account("pd");
  const TestRepo repo = test::new_repo(ada, false);
  auto created = test::answer_json(via_gateway("POST", repo.api() + "/discussions", ada.session,
                                               R"({"title":"Just a question","pullRequest":false})"));
  const std::string one = repo.api() + "/discussions/" + std::to_string(created["num"].GetInt64());
  for (const char* path : {"/reviews", "/mergeability", "/files"}) {
    auto res = via_gateway("GET", one + path, ada.session);
    EXPECT_EQ(res.status, 404) << path << " " << res.body;
  }
  auto merge = via_gateway("POST", one + "/merge", ada.session, "");
  EXPECT_EQ(merge.status, 404) << merge.body;
}

}  // namespace
}  // namespace hub

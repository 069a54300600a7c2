// Pull requests through the gateway as the Hub's clients open them: huggingface_hub's
// create_pull_request (discussions API with pullRequest: true) makes a draft with refs/pr/N at the
// base's head, commits go to refs/pr/N, `status: open` publishes it; and our addition, a pull
// request from an existing branch (head). Nothing is stored for a refused one.
#include <gtest/gtest.h>

#include "common/json/json.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::Account;
using test::TestRepo;
using test::via_gateway;

json::Document ok_json(const http::ClientResponse& res) {
  EXPECT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body);
  EXPECT_TRUE(doc) << res.body;
  return doc ? std::move(doc.value()) : json::Document();
}

std::string commit_on(const Account& a, const TestRepo& r, const std::string& branch, const std::string& path,
                      const std::string& content) {
  auto res = test::commit_lines(
      a.session, r, {test::commit_header_line("put " + path), test::commit_file_line(path, content)}, branch);
  auto doc = ok_json(res);
  return doc.IsObject() && doc.HasMember("commitOid") ? doc["commitOid"].GetString() : "";
}

// The commit refs/pr/N points at, "" when there is no such ref.
std::string pull_ref_target(const Account& a, const TestRepo& r, std::int64_t num) {
  auto refs = ok_json(via_gateway("GET", r.api() + "/refs?include_prs=1", a.session));
  if (!refs.IsObject() || !refs.HasMember("pullRequests")) return "";
  for (const auto& p : refs["pullRequests"].GetArray())
    if (std::string(p["ref"].GetString()) == "refs/pr/" + std::to_string(num)) return p["targetCommit"].GetString();
  return "";
}

std::int64_t count_threads(const Account& a, const TestRepo& r) {
  auto doc = ok_json(via_gateway("GET", r.api() + "/discussions", a.session));
  return doc.IsObject() ? doc["count"].GetInt64() : -1;
}

TEST(PullRequests, OpenedAsTheHubsPythonClientDoes) {
  Account ada = test::new_account("pa");
  Account bob = test::new_account("pb");
  const TestRepo repo = test::new_repo(ada, false);
  const std::string main_head = commit_on(ada, repo, "main", "config.json", "{\"hidden_size\": 8}\n");
  ASSERT_FALSE(main_head.empty());

  // create_pull_request(repo_id, title, description): any reader may open one.
  auto created = ok_json(via_gateway("POST", repo.api() + "/discussions", bob.session,
                                     R"({"title":"Bigger hidden size","description":"fixes #1","pullRequest":true})"));
  const std::int64_t num = created["num"].GetInt64();
  EXPECT_EQ(pull_ref_target(ada, repo, num), main_head) << "refs/pr/N starts at the base's head";

  auto details =
      ok_json(via_gateway("GET", repo.api() + "/discussions/" + std::to_string(num) + "?diff=1", ada.session));
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

  auto created = ok_json(via_gateway("POST", repo.api() + "/discussions", ada.session,
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

TEST(PullRequests, ReviewRoutesOfANumberThatIsNoPullRequestAre404) {
  Account ada = test::new_account("pd");
  const TestRepo repo = test::new_repo(ada, false);
  auto created = ok_json(via_gateway("POST", repo.api() + "/discussions", ada.session,
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

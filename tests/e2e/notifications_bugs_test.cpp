// Bug reports in the inbox and in webhooks (docs/inbox.md, docs/webhooks.md): a filed report tells
// the repo's watchers, the people assigned (`assigned`) and those its body mentions; a comment tells
// the report's author and participants; a status change (a merged fix too) tells watchers and
// participants; a new title tells nobody. Hooks that ask for the `bug` domain get the scopes bug,
// bug.comment and bug.label as payloads that validate; hooks that do not, never see them.
#include <gtest/gtest.h>

#include "tests/support/inbox_calls.hpp"
#include "tests/support/webhook_receiver.hpp"

namespace hub {
namespace {

using test::Account;
using test::at_least;
using test::Item;
using test::ReceivedRequest;
using test::TestRepo;
using test::via_gateway;

std::int64_t file_bug(const Account& a, const TestRepo& r, const std::string& body) {
  auto doc = test::answer_json(via_gateway("POST", r.api() + "/bugs", a.session, body), 201);
  return doc.IsObject() && doc.HasMember("num") ? doc["num"].GetInt64() : 0;
}

std::string bug_path(const TestRepo& r, std::int64_t num) {
  return r.api() + "/bugs/" + std::to_string(num);
}

TEST(NotificationsBugs, ReportsReachWatchersAssigneesAuthorsAndTheMentioned) {
  const Account ada = test::new_account("ba"), bob = test::new_account("bb"), carl = test::new_account("bc"),
                dan = test::new_account("bd");
  const TestRepo repo = test::new_repo(ada, false);
  ASSERT_EQ(test::subscribe(bob.session, repo.api(), "watching").status, 200);

  const std::int64_t num = file_bug(ada, repo,
                                    R"({"title":"NaN logits for empty prompts","body":"cc @)" + dan.name +
                                        R"(","severity":"high","assignees":[")" + carl.name + R"("]})");
  ASSERT_GT(num, 0);
  const Item watched = test::one_item(test::wait_for_items(bob.session, repo.path(), at_least(1)), num, "bug.created");
  EXPECT_EQ(watched.reason, "watching");
  EXPECT_EQ(watched.subject_type, "bug");
  EXPECT_EQ(watched.title, "NaN logits for empty prompts");
  EXPECT_EQ(watched.actor, ada.name);
  EXPECT_TRUE(watched.url.ends_with("/" + repo.path() + "/bugs/" + std::to_string(num))) << watched.url;
  EXPECT_EQ(test::one_item(test::wait_for_items(carl.session, repo.path(), at_least(1)), num, "bug.created").reason,
            "assigned");
  EXPECT_EQ(test::one_item(test::wait_for_items(dan.session, repo.path(), at_least(1)), num, "bug.created").reason,
            "mention");
  EXPECT_TRUE(test::repo_items(ada.session, repo.path()).empty()) << "never the actor";

  // The assignee comments: the author hears of it as the author, the mentioned as a participant.
  ASSERT_EQ(via_gateway("POST", bug_path(repo, num) + "/comments", carl.session, R"({"comment":"Reproduced."})").status,
            201);
  EXPECT_EQ(
      test::one_item(test::wait_for_items(ada.session, repo.path(), at_least(1)), num, "bug.comment.created").reason,
      "author");
  EXPECT_EQ(
      test::one_item(test::wait_for_items(dan.session, repo.path(), at_least(2)), num, "bug.comment.created").reason,
      "participating");
  EXPECT_EQ(
      test::one_item(test::wait_for_items(bob.session, repo.path(), at_least(2)), num, "bug.comment.created").reason,
      "watching");

  // A new title tells nobody (the inbox remembers it); a status change tells everyone following it,
  // under the new title. bob's items say when the fan-out is done.
  ASSERT_EQ(via_gateway("PATCH", bug_path(repo, num), ada.session, R"({"title":"NaN logits, empty prompts"})").status,
            200);
  ASSERT_EQ(via_gateway("PATCH", bug_path(repo, num), ada.session, R"({"status":"triaged"})").status, 200);
  const Item triaged = test::one_item(test::wait_for_items(bob.session, repo.path(), at_least(3)), num, "bug.updated");
  EXPECT_EQ(triaged.title, "NaN logits, empty prompts");
  EXPECT_EQ(test::one_item(test::wait_for_items(carl.session, repo.path(), at_least(2)), num, "bug.updated").reason,
            "participating");
  EXPECT_EQ(test::repo_items(bob.session, repo.path()).size(), 3U) << "the title change made no item";
  EXPECT_EQ(test::repo_items(ada.session, repo.path()).size(), 1U) << "nothing of her own changes";
}

TEST(NotificationsBugs, HooksOfTheBugDomainGetBugScopesAndOthersNever) {
  const Account ada = test::new_account("bh");
  const TestRepo repo = test::new_repo(ada, false);
  test::WebhookReceiver for_bugs, hub_only;
  const std::string watched = R"([{"type":"user","name":")" + ada.name + R"("}])";
  auto hook = [&](const test::WebhookReceiver& receiver, const std::string& domains) {
    return via_gateway("POST", "/api/settings/webhooks", ada.session,
                       R"({"url":")" + receiver.url() + R"(","watched":)" + watched + domains + "}")
        .status;
  };
  ASSERT_EQ(hook(for_bugs, R"(,"domains":["bug","discussion"])"), 200);
  ASSERT_EQ(hook(hub_only, ""), 200);

  const std::int64_t num = file_bug(ada, repo, R"({"title":"Tokenizer drops accents","severity":"low"})");
  ASSERT_GT(num, 0);
  ASSERT_EQ(via_gateway("POST", bug_path(repo, num) + "/comments", ada.session, R"({"comment":"On 4.44 too."})").status,
            201);
  ASSERT_EQ(
      via_gateway("POST", repo.api() + "/labels", ada.session, R"({"name":"tokenizer","color":"#00aa00"})").status,
      201);
  // A thread after them: once a hook has its opening, the events before it were matched too.
  ASSERT_EQ(
      via_gateway("POST", repo.api() + "/discussions", ada.session, R"({"title":"After","description":"."})").status,
      200);

  auto scope_is = [](const char* scope) { return [scope](const ReceivedRequest& r) { return r.scope() == scope; }; };
  const auto created = for_bugs.wait_for(1, scope_is("bug"));
  ASSERT_EQ(created.size(), 1U);
  const json::Value& p = created[0].payload;
  EXPECT_EQ(std::string(p["event"]["action"].GetString()), "create");
  EXPECT_EQ(p["bug"]["num"].GetInt64(), num);
  EXPECT_EQ(std::string(p["bug"]["severity"].GetString()), "low");
  EXPECT_EQ(std::string(p["repo"]["name"].GetString()), repo.path());
  EXPECT_TRUE(test::valid_payload_v3(created[0].line["body"].GetString())) << created[0].line["body"].GetString();
  const auto commented = for_bugs.wait_for(1, scope_is("bug.comment"));
  ASSERT_EQ(commented.size(), 1U);
  EXPECT_EQ(std::string(commented[0].payload["comment"]["content"].GetString()), "On 4.44 too.");
  EXPECT_TRUE(test::valid_payload_v3(commented[0].line["body"].GetString()));
  const auto labelled = for_bugs.wait_for(1, scope_is("bug.label"));
  ASSERT_EQ(labelled.size(), 1U);
  EXPECT_EQ(std::string(labelled[0].payload["label"]["name"].GetString()), "tokenizer");

  ASSERT_EQ(hub_only.wait_for(1, scope_is("discussion")).size(), 1U);
  for (const auto& r : hub_only.requests())
    EXPECT_FALSE(r.scope().starts_with("bug")) << "a hook for the Hub's scopes got " << r.scope();
}

}  // namespace
}  // namespace hub

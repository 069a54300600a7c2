// The inbox and the webhooks lose nothing and repeat nothing under faults (issue 17, "Tests that must
// exist"), on a stack of its own (tests/support/private_stack.hpp): Redis stopped while 1,000 comments
// are posted, then started; the notifications service killed with SIGKILL in the middle of a burst of
// comments and started again. Either way every comment reaches the watcher's inbox exactly once (as
// many items as events, one per event id), and each of two webhook receivers on 127.0.0.1 (a hook of
// the repo's owner, one of the watcher's) sees every comment, once after de-duplication by webhook-id:
// a delivery cut by the kill may come again, under the same id.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <iostream>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "tests/support/eventually.hpp"
#include "tests/support/private_stack.hpp"
#include "tests/support/webhook_receiver.hpp"

namespace hub {
namespace {

constexpr int kComments = 1000;
constexpr int kPosters = 4;

// The notifications process of these tests: receivers on loopback allowed, no daily cap in the way
// of a thousand deliveries, retries soon; `extra` adds to it.
test::Env notifications_env(test::Env extra = {}) {
  extra["HUB_WEBHOOK_ALLOW_PRIVATE"] = "1";
  extra["HUB_WEBHOOK_DAILY_CAP"] = "1000000";
  extra["HUB_WEBHOOK_RETRY_SCHEDULE"] = "200ms,500ms,1s,2s,5s";
  return extra;
}

struct Scene {
  test::Account ada, bob;
  test::TestRepo repo;
  std::int64_t num = 0;
  // Where ada's hook and bob's hook deliver.
  std::unique_ptr<test::WebhookReceiver> adas = std::make_unique<test::WebhookReceiver>();
  std::unique_ptr<test::WebhookReceiver> bobs = std::make_unique<test::WebhookReceiver>();
};

void create_hook(test::PrivateStack& stack, const test::Account& owner, const test::TestRepo& repo,
                 const std::string& url) {
  auto res = stack.call("POST", "/api/settings/webhooks", owner.session,
                        R"({"url":")" + url + R"(","watched":[{"type":"model","name":")" + repo.path() +
                            R"("}],"domains":["discussion"]})");
  EXPECT_EQ(res.status, 200) << res.body;
}

// ada's repo, watched by bob and by a hook of each, with one discussion whose item bob has: the flow
// works end to end.
Scene set_scene(test::PrivateStack& stack) {
  Scene s{stack.new_account("fa"), stack.new_account("fb"), {}, 0};
  s.repo = stack.new_repo(s.ada);
  EXPECT_EQ(stack.call("PUT", s.repo.api() + "/subscription", s.bob.session, R"({"level":"watching"})").status, 200);
  create_hook(stack, s.ada, s.repo, s.adas->url());
  create_hook(stack, s.bob, s.repo, s.bobs->url());
  auto opened = json::parse_object(
      stack.call("POST", s.repo.api() + "/discussions", s.ada.session, R"({"title":"Under fire","description":""})")
          .body);
  EXPECT_TRUE(opened);
  s.num = opened ? opened.value()["num"].GetInt64() : 0;
  return s;
}

// bob's items and their distinct events, read from the stack's database.
std::pair<int, int> items_and_events(const test::PrivateStack& stack, const test::Account& bob) {
  pqxx::connection c(stack.db_url());
  pqxx::nontransaction tx(c);
  auto r = tx.exec_params1(
      "SELECT count(*), count(DISTINCT event_id) FROM notifications.inbox_items WHERE user_id = $1::uuid", bob.id);
  return {r[0].as<int>(), r[1].as<int>()};
}

// The comment events discussions recorded for the thread, and how many of them bob has an item of.
std::pair<int, int> comments_and_delivered(const test::PrivateStack& stack, const Scene& s) {
  pqxx::connection c(stack.db_url());
  pqxx::nontransaction tx(c);
  auto r = tx.exec_params1(
      "SELECT count(*), count(i.event_id) FROM discussions.outbox o "
      "LEFT JOIN notifications.inbox_items i ON i.event_id = o.event_id AND i.user_id = $1::uuid "
      "WHERE o.type = 'discussion.comment.created' AND o.payload->'repo'->>'name' = $2",
      s.bob.id, s.repo.path());
  return {r[0].as<int>(), r[1].as<int>()};
}

// kComments comments from kPosters clients at once; how many were accepted. `after_each` runs after
// every accepted one.
int post_comments(const test::PrivateStack& stack, const Scene& s, const std::function<void(int)>& after_each = {}) {
  std::atomic<int> accepted{0};
  std::vector<std::thread> posters;
  const std::string target = s.repo.api() + "/discussions/" + std::to_string(s.num) + "/comment";
  for (int p = 0; p < kPosters; ++p) {
    posters.emplace_back([&, p] {
      for (int i = p; i < kComments; i += kPosters) {
        auto res = stack.call("POST", target, s.ada.session, R"({"comment":"comment )" + std::to_string(i) + R"("})");
        if (res.status != 200) continue;
        const int n = ++accepted;
        if (after_each) after_each(n);
      }
    });
  }
  for (auto& t : posters)
    t.join();
  return accepted.load();
}

// `since` says what the wait counts from, for the figure it prints.
void expect_each_comment_once(const test::PrivateStack& stack, const Scene& s, std::chrono::seconds deadline,
                              const std::string& since) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(test::eventually([&] { return items_and_events(stack, s.bob).first >= kComments + 1; }, deadline));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // anything more would be a duplicate: let it show
  const auto [items, events] = items_and_events(stack, s.bob);
  EXPECT_EQ(items, kComments + 1) << "the discussion and each comment";
  EXPECT_EQ(events, items) << "no event twice";
  const auto [comments, delivered] = comments_and_delivered(stack, s);
  EXPECT_EQ(comments, kComments);
  EXPECT_EQ(delivered, kComments) << "every comment recorded reached the inbox";
  auto count = json::parse_object(stack.call("GET", "/api/notifications/unread-count", s.bob.session).body);
  ASSERT_TRUE(count);
  EXPECT_EQ(count.value()["unread"].GetInt64(), kComments + 1);
  std::cout << "[ figures  ] the last item arrived "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()
            << " ms after " << since << "\n";
}

// Each comment's webhook-ids at one receiver: every comment there, under one id (the same id may
// come more than once: that is what de-duplication is for).
std::map<std::string, std::set<std::string>> comment_deliveries(const test::WebhookReceiver& receiver) {
  std::map<std::string, std::set<std::string>> ids;
  for (const auto& r : receiver.requests())
    if (r.scope() == "discussion.comment" && r.payload["comment"].HasMember("id"))
      ids[r.payload["comment"]["id"].GetString()].insert(r.webhook_id);
  return ids;
}

void expect_each_comment_delivered_once(const test::WebhookReceiver& receiver, const std::string& whose,
                                        std::chrono::seconds deadline) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(test::eventually([&] { return comment_deliveries(receiver).size() >= kComments; }, deadline)) << whose;
  std::this_thread::sleep_for(std::chrono::seconds(1));  // a second event id for a comment would show now
  const auto ids = comment_deliveries(receiver);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kComments)) << whose << ": every comment delivered";
  std::size_t requests = 0, twice = 0;
  for (const auto& [comment, webhook_ids] : ids) {
    EXPECT_EQ(webhook_ids.size(), 1u) << whose << ": comment " << comment << " came as two different deliveries";
    twice += webhook_ids.size() > 1;
  }
  for (const auto& r : receiver.requests())
    requests += r.scope() == "discussion.comment";
  EXPECT_EQ(twice, 0u);
  std::cout << "[ figures  ] " << whose << "'s receiver had every comment "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()
            << " ms later, in " << requests << " requests for " << ids.size() << " webhook-ids\n";
}

void expect_nothing_lost_anywhere(const test::PrivateStack& stack, const Scene& s, std::chrono::seconds deadline,
                                  const std::string& since) {
  expect_each_comment_once(stack, s, deadline, since);
  expect_each_comment_delivered_once(*s.adas, "ada", deadline);
  expect_each_comment_delivered_once(*s.bobs, "bob", deadline);
}

TEST(NotificationsFaults, RedisStoppedWhileAThousandCommentsArePostedLosesNone) {
  test::PrivateStack stack(notifications_env());
  const Scene s = set_scene(stack);
  ASSERT_GT(s.num, 0);
  ASSERT_TRUE(test::eventually([&] { return items_and_events(stack, s.bob).first == 1; }, std::chrono::seconds(30)));

  stack.redis().stop();
  const auto posting = std::chrono::steady_clock::now();
  EXPECT_EQ(post_comments(stack, s), kComments) << "posting needs no Redis";
  std::cout << "[ figures  ] " << kComments << " comments posted in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - posting).count()
            << " ms while Redis was stopped\n";
  EXPECT_EQ(items_and_events(stack, s.bob).first, 1) << "nothing can have travelled without Redis";
  stack.redis().start();
  expect_nothing_lost_anywhere(stack, s, std::chrono::seconds(60), "Redis came back");
}

TEST(NotificationsFaults, NotificationsKilledMidBurstLosesAndRepeatsNothing) {
  // Claims of the killed process are taken over after a short lease (the stream's own pending
  // entries after the consumer's 30 s reclaim time).
  test::PrivateStack stack(notifications_env({{"HUB_INBOX_CLAIM_LEASE", "2s"}}));
  const Scene s = set_scene(stack);
  ASSERT_GT(s.num, 0);
  ASSERT_TRUE(test::eventually([&] { return items_and_events(stack, s.bob).first == 1; }, std::chrono::seconds(30)));

  std::atomic<bool> killed{false};
  std::thread killer;
  const int accepted = post_comments(stack, s, [&](int n) {
    // Mid-stream: a third of the burst posted and some of it already in the inbox.
    if (n < kComments / 3 || killed.exchange(true)) return;
    killer = std::thread([&] {
      test::eventually([&] { return items_and_events(stack, s.bob).first > 50; }, std::chrono::seconds(20));
      const int before = items_and_events(stack, s.bob).first;
      stack.kill_notifications();
      std::cout << "[ figures  ] SIGKILL with " << before << " items in the inbox\n";
      EXPECT_LT(before, kComments + 1) << "the kill came mid-stream";
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      stack.start_notifications();
    });
  });
  ASSERT_TRUE(killer.joinable()) << "the burst never got a third through";
  killer.join();
  EXPECT_EQ(accepted, kComments) << "discussions took every comment";
  expect_nothing_lost_anywhere(stack, s, std::chrono::seconds(75), "the last comment was posted");
}

}  // namespace
}  // namespace hub

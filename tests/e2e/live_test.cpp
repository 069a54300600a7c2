// The inbox's live streams end to end (docs/live.md), through a real gateway to real notifications
// processes on the stack's PostgreSQL and Redis: Server-Sent Events and WebSocket receive an item
// committed after they connected, resume with exactly what they missed, authenticate browsers with
// single-use tickets, send heartbeats at the configured interval, receive on a second replica what
// the first one signalled, catch up after Redis comes back, leave out a private repo's items once the
// user lost access, and end when their server drains.
//
// One test makes its item the whole way (a comment that mentions the user); the others insert items
// the way the inbox writes them (store/inbox_store.hpp: numbered per user in commit order) and
// announce them the way it does after its commit (app/live_signal.hpp), or leave them unannounced.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "common/json/json.hpp"
#include "common/redis/keys.hpp"
#include "common/util/uuid.hpp"
#include "services/notifications/app/live_signal.hpp"
#include "services/notifications/store/inbox_store.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/extra_service.hpp"
#include "tests/support/inbox_calls.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/live_clients.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/servers.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using namespace std::chrono_literals;
using test::Account;
using test::SseClient;
using test::WsClient;
using test::WsFrame;

// A string member of a JSON object, or "" (a test that finds the wrong shape fails, never crashes).
std::string str(const json::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
}

http::Headers bearer(const Account& a) {
  http::Headers h;
  h.set("Authorization", "Bearer " + a.session);
  return h;
}

// A new item for `user` (about `repo_id`, when given), committed; announced on Redis unless `quiet`.
// Returns its number.
std::int64_t add_item(const Account& user, const std::string& title, const std::optional<std::string>& repo_id = {},
                      bool announce = true, const std::string& redis_url = test::require_env("HUB_TEST_REDIS_URL")) {
  notifications::NewInboxItem item;
  item.user_id = user.id;
  item.event_id = util::uuid4();
  item.event_type = "discussion.comment.created";
  item.reason = "mention";
  item.repo_id = repo_id;
  if (repo_id) {
    item.repo_type = "model";
    item.repo_name = "somebody/somewhere";
    item.thread_num = 1;
  }
  item.subject_type = "discussion";
  item.title = title;
  item.url = "http://localhost:8080/somebody/somewhere/discussions/1";
  item.actor_name = "someone";
  pqxx::connection c(test::hub_db_url());
  pqxx::work tx(c);
  const auto inserted = notifications::insert_inbox_items(tx, {item});
  tx.commit();
  EXPECT_EQ(inserted.size(), 1u);
  if (announce) notifications::LiveSignal(redis_url).announce(inserted);
  return inserted.empty() ? 0 : inserted[0].seq;
}

// The next notification event of an SSE stream (heartbeats skipped), its item parsed.
struct Received {
  std::string id;
  std::string title;
};
std::optional<Received> next_notification(SseClient& c, std::chrono::milliseconds timeout = 10s) {
  auto e = c.next_event(timeout);
  if (!e) return std::nullopt;
  EXPECT_EQ(e->event, "notification") << e->data;
  auto doc = test::json_object(e->data);
  if (!doc.IsObject() || !doc.HasMember("id") || !doc.HasMember("title")) {
    ADD_FAILURE() << "not an item: " << e->data;
    return std::nullopt;
  }
  EXPECT_EQ(str(doc, "id"), e->id) << "the event id is the item's id";
  return Received{e->id, str(doc, "title")};
}

// The id of the next notification, or "none".
std::string next_id(SseClient& c, std::chrono::milliseconds timeout = 10s) {
  auto got = next_notification(c, timeout);
  return got ? got->id : "none";
}

// The stream's opening `ready` event: the position it starts from.
std::string ready_id(SseClient& c) {
  auto e = c.next_event(10s);
  if (!e) return "none";
  EXPECT_EQ(e->event, "ready");
  EXPECT_EQ(e->data, R"({"lastEventId":")" + e->id + R"("})");
  return e->id;
}

TEST(Live, AnSseStreamReceivesAnItemCommittedAfterItConnected) {
  const Account a = test::new_account("lv");
  SseClient c(test::stack_gateway(), "/api/notifications/stream", bearer(a));
  ASSERT_EQ(c.status(), 200) << c.body();
  EXPECT_EQ(c.headers().get("Content-Type"), "text/event-stream");
  EXPECT_EQ(c.headers().get("Cache-Control"), "no-cache");
  EXPECT_EQ(ready_id(c), "0") << "a user without items starts at 0";

  const std::int64_t seq = add_item(a, "you were mentioned");
  auto got = next_notification(c);
  ASSERT_TRUE(got) << "the item reaches the open stream through the gateway";
  EXPECT_EQ(got->id, std::to_string(seq));
  EXPECT_EQ(got->title, "you were mentioned");

  const Account b = test::new_account("lv");
  add_item(b, "for somebody else");
  const std::int64_t second = add_item(a, "second");
  got = next_notification(c);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, std::to_string(second)) << "another user's item is not on this stream";
}

TEST(Live, ACommentThatMentionsTheUserReachesTheirStream) {
  // The whole way: discussions' outbox, the events stream, the inbox's fan-out, its signal, the
  // stream.
  const Account ada = test::new_account("lv");
  const Account bob = test::new_account("lv");
  const test::TestRepo repo = test::new_repo(ada, false);
  const std::int64_t num = test::open_discussion(ada.session, repo, "Accents");
  ASSERT_GT(num, 0);
  SseClient c(test::stack_gateway(), "/api/notifications/stream", bearer(bob));
  ASSERT_EQ(c.status(), 200);
  ready_id(c);
  ASSERT_EQ(test::post_comment(ada.session, repo, num, "@" + bob.name + " what do you think?").status, 200);
  auto e = c.next_event(30s);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event, "notification");
  auto item = test::json_object(e->data);
  EXPECT_EQ(str(item, "reason"), "mention");
  EXPECT_EQ(str(item, "actor"), ada.name);
  ASSERT_TRUE(item.HasMember("repo") && item["repo"].IsObject());
  EXPECT_EQ(str(item["repo"], "name"), repo.path());
  ASSERT_TRUE(item.HasMember("thread") && item["thread"].IsObject());
  EXPECT_EQ(item["thread"]["num"].GetInt64(), num);
}

TEST(Live, ResumingWithLastEventIdGetsExactlyWhatWasMissedOnceInOrder) {
  const Account a = test::new_account("lv");
  std::string last;
  {
    SseClient c(test::stack_gateway(), "/api/notifications/stream", bearer(a));
    ASSERT_EQ(c.status(), 200);
    ready_id(c);
    for (int i = 1; i <= 3; ++i)
      add_item(a, "seen " + std::to_string(i));
    for (int i = 1; i <= 3; ++i) {
      auto got = next_notification(c);
      ASSERT_TRUE(got);
      EXPECT_EQ(got->title, "seen " + std::to_string(i));
      last = got->id;
    }
  }
  std::vector<std::int64_t> missed;
  for (int i = 1; i <= 4; ++i)
    missed.push_back(add_item(a, "missed " + std::to_string(i), std::nullopt, i % 2 == 0));  // half never announced

  http::Headers h = bearer(a);
  h.set("Last-Event-ID", last);
  SseClient resumed(test::stack_gateway(), "/api/notifications/stream", h);
  ASSERT_EQ(resumed.status(), 200);
  EXPECT_EQ(ready_id(resumed), last);
  for (std::size_t i = 0; i < missed.size(); ++i) {
    auto got = next_notification(resumed);
    ASSERT_TRUE(got) << "missed item " << i;
    EXPECT_EQ(got->id, std::to_string(missed[i]));
    EXPECT_EQ(got->title, "missed " + std::to_string(i + 1));
  }
  const std::int64_t live = add_item(a, "live again");
  auto next = next_notification(resumed);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, std::to_string(live)) << "nothing twice between the catch-up and the live item";

  // ?lastEventId= does the same (what a WebSocket or a first EventSource connect uses).
  SseClient by_query(test::stack_gateway(), "/api/notifications/stream?lastEventId=" + std::to_string(missed[2]),
                     bearer(a));
  ASSERT_EQ(by_query.status(), 200);
  ready_id(by_query);
  EXPECT_EQ(next_id(by_query), std::to_string(missed[3]));
  EXPECT_EQ(next_id(by_query), std::to_string(live));

  SseClient bad(test::stack_gateway(), "/api/notifications/stream?lastEventId=yesterday", bearer(a));
  EXPECT_EQ(bad.status(), 400);
}

TEST(Live, BrowserTicketsWorkOnceAndAnonymousStreamsAreRefused) {
  const Account a = test::new_account("lv");
  auto issued = test::answer_json(test::via_gateway("POST", "/api/notifications/stream-ticket", a.session, "{}"));
  const std::string ticket = str(issued, "ticket");
  EXPECT_TRUE(ticket.starts_with("st_")) << ticket;
  EXPECT_TRUE(str(issued, "expiresAt").ends_with("Z"));

  {
    // No Authorization header: the gateway forwards the request anonymous, the ticket says who.
    SseClient c(test::stack_gateway(), "/api/notifications/stream?ticket=" + ticket);
    ASSERT_EQ(c.status(), 200) << c.body();
    ready_id(c);
    add_item(a, "via a ticket");
    auto got = next_notification(c);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->title, "via a ticket");
  }
  SseClient again(test::stack_gateway(), "/api/notifications/stream?ticket=" + ticket);
  EXPECT_EQ(again.status(), 401) << "a ticket is good once";
  EXPECT_EQ(again.headers().get("WWW-Authenticate"), "Basic realm=\"hub\"");

  SseClient garbage(test::stack_gateway(), "/api/notifications/stream?ticket=st_nonsense");
  EXPECT_EQ(garbage.status(), 401);
  SseClient anonymous(test::stack_gateway(), "/api/notifications/stream");
  EXPECT_EQ(anonymous.status(), 401);
  EXPECT_EQ(anonymous.headers().get("WWW-Authenticate"), "Basic realm=\"hub\"");
  EXPECT_NE(anonymous.body().find("ticket"), std::string::npos) << "the refusal says how to authenticate";
  EXPECT_EQ(test::via_gateway("POST", "/api/notifications/stream-ticket", {}, "{}").status, 401)
      << "only a signed-in user gets a ticket";

  // A WebSocket with a ticket of its own.
  auto second = test::answer_json(test::via_gateway("POST", "/api/notifications/stream-ticket", a.session, "{}"));
  WsClient ws(test::stack_gateway(), "/api/notifications/ws?ticket=" + str(second, "ticket"));
  EXPECT_EQ(ws.status(), 101);
}

TEST(Live, AWebSocketReceivesTheSameItems) {
  const Account a = test::new_account("lv");
  const std::int64_t before = add_item(a, "before");
  WsClient ws(test::stack_gateway(), "/api/notifications/ws?lastEventId=0", bearer(a));
  ASSERT_EQ(ws.status(), 101) << ws.rest();
  EXPECT_EQ(ws.headers().get("Sec-WebSocket-Accept"), ws.expected_accept());
  auto ready = ws.next_of(WsFrame::kText);
  ASSERT_TRUE(ready);
  auto r = test::json_object(ready->payload);
  EXPECT_EQ(str(r, "type"), "ready");
  EXPECT_EQ(str(r, "lastEventId"), "0");

  auto caught_up = ws.next_of(WsFrame::kText);
  ASSERT_TRUE(caught_up);
  auto first = test::json_object(caught_up->payload);
  EXPECT_EQ(str(first, "type"), "notification");
  EXPECT_EQ(str(first, "id"), std::to_string(before));
  ASSERT_TRUE(first.HasMember("item"));
  EXPECT_EQ(str(first["item"], "title"), "before");

  const std::int64_t after = add_item(a, "after");
  auto live = ws.next_of(WsFrame::kText);
  ASSERT_TRUE(live);
  auto second = test::json_object(live->payload);
  EXPECT_EQ(str(second, "id"), std::to_string(after));
  ASSERT_TRUE(second.HasMember("item"));
  EXPECT_EQ(str(second["item"], "reason"), "mention");

  ws.send_close(1000);
  EXPECT_TRUE(ws.next_of(WsFrame::kClose, 5s)) << "the close is answered through the gateway's tunnel";

  WsClient anonymous(test::stack_gateway(), "/api/notifications/ws");
  EXPECT_EQ(anonymous.status(), 401);
  http::Client plain(test::stack_gateway());
  http::Headers h = bearer(a);
  EXPECT_EQ(plain.get("/api/notifications/ws", h).status, 426) << "no upgrade, no WebSocket";
}

// A replica of notifications of its own (same database and Redis), with a gateway in front of it.
struct Replica {
  explicit Replica(const test::Env& env)
      : service("hub-notifications", env),
        gateway(test::require_env("HUB_TEST_REDIS_URL"), {{"HUB_NOTIFICATIONS_URL", service.address()}}) {}
  // A metric of the replica itself (its /metrics is open), 0 until it is registered.
  long long service_metric(const std::string& name) {
    http::Client c(config::parse_host_port(service.address()).value());
    return std::max(0LL, test::metric_value(c.get("/metrics").body, name));
  }
  test::ExtraService service;
  test::ExtraGateway gateway;
};

TEST(Live, HeartbeatsComeAtTheConfiguredIntervalAndStreamsPerUserAreLimited) {
  Replica r(test::Env{{"HUB_LIVE_HEARTBEAT", "300ms"}, {"HUB_LIVE_STREAMS_PER_USER", "2"}});
  const Account a = test::new_account("lv");
  SseClient sse(r.gateway.address(), "/api/notifications/stream", bearer(a));
  ASSERT_EQ(sse.status(), 200) << sse.body();
  ready_id(sse);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    auto beat = sse.next(3s);
    ASSERT_TRUE(beat) << "heartbeat " << i;
    EXPECT_EQ(beat->comment, "heartbeat");
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 750ms) << "one every 300 ms, not a burst";
  EXPECT_LT(took, 3s);

  WsClient ws(r.gateway.address(), "/api/notifications/ws", bearer(a));
  ASSERT_EQ(ws.status(), 101);
  auto ping = ws.next_of(WsFrame::kPing, 3s);
  EXPECT_TRUE(ping) << "a WebSocket's heartbeat is a ping";
  ws.send_frame(WsFrame::kPong, ping ? ping->payload : "");

  SseClient third(r.gateway.address(), "/api/notifications/stream", bearer(a));
  EXPECT_EQ(third.status(), 429);
  EXPECT_NE(third.body().find("too many live streams"), std::string::npos);
}

TEST(Live, AnItemReachesAStreamOnAnotherReplicaAndALostSignalOnlyDelaysIt) {
  Replica second(test::Env{{"HUB_LIVE_HEARTBEAT", "1s"}});
  const Account a = test::new_account("lv");
  SseClient c(second.gateway.address(), "/api/notifications/stream", bearer(a));
  ASSERT_EQ(c.status(), 200) << c.body();
  ready_id(c);
  // The item is signalled as the stack's replica does after its commit; this stream is on the other.
  const std::int64_t seq = add_item(a, "from the first replica");
  auto got = next_notification(c, 5s);
  ASSERT_TRUE(got) << "the signal reached the second replica over Redis";
  EXPECT_EQ(got->id, std::to_string(seq));

  const std::int64_t unannounced = add_item(a, "signal lost", std::nullopt, false);
  got = next_notification(c, 5s);
  ASSERT_TRUE(got) << "the periodic catch-up finds what no signal announced";
  EXPECT_EQ(got->id, std::to_string(unannounced));
}

TEST(Live, StreamsCatchUpWhenRedisComesBack) {
  test::RedisServer redis;
  // A catch-up period far beyond the test: what arrives comes from the re-subscription.
  Replica r(test::Env{{"HUB_REDIS_URL", redis.url()}, {"HUB_LIVE_HEARTBEAT", "10m"}});
  const Account a = test::new_account("lv");
  SseClient c(r.gateway.address(), "/api/notifications/stream", bearer(a));
  ASSERT_EQ(c.status(), 200) << c.body();
  ready_id(c);
  ASSERT_TRUE(test::eventually([&] { return r.service_metric("hub_notifications_live_channel_up") == 1; }, 10s));
  const std::int64_t live = add_item(a, "while redis is up", std::nullopt, true, redis.url());
  ASSERT_EQ(next_id(c), std::to_string(live));

  redis.stop();
  const std::int64_t during = add_item(a, "while redis is down", std::nullopt, true, redis.url());
  redis.start();
  auto got = next_notification(c, 10s);
  ASSERT_TRUE(got) << "re-subscribed, the replica caught the user up from the database";
  EXPECT_EQ(got->id, std::to_string(during));
}

TEST(Live, AMemberRemovedFromAPrivateReposOrgDoesNotGetItsItemsOnResume) {
  const Account admin = test::new_account("lv");
  const Account member = test::new_account("lv");
  const std::string org = "lvo" + util::random_id().substr(0, 10);
  ASSERT_EQ(test::via_gateway("POST", "/api/organizations", admin.session, R"({"name":")" + org + R"("})").status, 201);
  ASSERT_EQ(test::via_gateway("PUT", "/api/organizations/" + org + "/members/" + member.name + "/role", admin.session,
                              R"({"role":"read"})")
                .status,
            200);
  const test::TestRepo secret = test::new_repo(admin, true, org);
  const std::string repo_id = test::repo_field(member.session, secret, "_id");
  ASSERT_FALSE(repo_id.empty()) << "the member reads the private repo";

  const std::int64_t about_secret = add_item(member, "about the private repo", repo_id);
  const std::int64_t about_nothing = add_item(member, "about no repo");
  {
    SseClient c(test::stack_gateway(), "/api/notifications/stream?lastEventId=0", bearer(member));
    ASSERT_EQ(c.status(), 200);
    ready_id(c);
    EXPECT_EQ(next_id(c), std::to_string(about_secret)) << "a member gets it";
    EXPECT_EQ(next_id(c), std::to_string(about_nothing));
  }
  ASSERT_EQ(test::via_gateway("DELETE", "/api/organizations/" + org + "/members/" + member.name, admin.session).status,
            204);
  SseClient resumed(test::stack_gateway(), "/api/notifications/stream?lastEventId=0", bearer(member));
  ASSERT_EQ(resumed.status(), 200);
  ready_id(resumed);
  auto first = next_notification(resumed);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, std::to_string(about_nothing)) << "the private repo's item (and its title) is left out";
  const std::int64_t later = add_item(member, "later, about no repo");
  EXPECT_EQ(next_id(resumed), std::to_string(later));
}

TEST(Live, ADrainEndsTheStreamsAndTheirClientsReconnectElsewhere) {
  const Account a = test::new_account("lv");
  auto replica = std::make_unique<Replica>(test::Env{{"HUB_DRAIN_DELAY", "0ms"}});
  SseClient sse(replica->gateway.address(), "/api/notifications/stream", bearer(a));
  ASSERT_EQ(sse.status(), 200);
  WsClient ws(replica->gateway.address(), "/api/notifications/ws", bearer(a));
  ASSERT_EQ(ws.status(), 101);
  const auto start = std::chrono::steady_clock::now();
  replica->service.process().signal(SIGTERM);
  EXPECT_TRUE(sse.ends_within(10s)) << "the stream ends with the drain, through the gateway";
  auto close = ws.next_of(WsFrame::kClose, 10s);
  ASSERT_TRUE(close);
  ws.send_close(1001);
  EXPECT_EQ(replica->service.process().wait(10s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s) << "streams do not hold the drain to its deadline";

  // And the client's next connect, on the stack's replica, resumes where the stream was.
  const std::int64_t seq = add_item(a, "after the drain", std::nullopt, false);
  SseClient again(test::stack_gateway(), "/api/notifications/stream?lastEventId=0", bearer(a));
  ASSERT_EQ(again.status(), 200);
  ready_id(again);
  EXPECT_EQ(next_id(again), std::to_string(seq));
}

TEST(Live, AGatewayThatDrainsEndsTheStreamsItRelays) {
  const Account a = test::new_account("lv");
  test::ExtraGateway gateway(test::require_env("HUB_TEST_REDIS_URL"));  // HUB_DRAIN_DELAY=0ms
  SseClient sse(gateway.address(), "/api/notifications/stream", bearer(a));
  ASSERT_EQ(sse.status(), 200);
  ready_id(sse);
  WsClient ws(gateway.address(), "/api/notifications/ws", bearer(a));
  ASSERT_EQ(ws.status(), 101);
  ASSERT_TRUE(ws.next_of(WsFrame::kText));  // ready: the tunnel is up
  const auto start = std::chrono::steady_clock::now();
  gateway.process().signal(SIGTERM);
  EXPECT_TRUE(sse.ends_within(10s)) << "the relayed stream is cut, and its client reconnects elsewhere";
  EXPECT_TRUE(ws.closed_within(10s));
  EXPECT_EQ(gateway.process().wait(20s), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s)
      << "relayed streams do not hold the gateway's drain to its 30 s deadline";
}

}  // namespace
}  // namespace hub

// Webhook deliveries end to end: events from real requests through the gateway reach receivers
// (tests/support/webhook_receiver.py on 127.0.0.1, which verifies the signatures with Python's own
// hmac) as the Hub's payload v3; retries keep the webhook-id; a hanging receiver is cut at 10 s
// without holding up another hook; redelivery, the test ping, the daily cap, auto-disabling with the
// owners told, and a private repo's events stopping when the hook's owner loses access. The test stack
// runs notifications with a 200 ms retry schedule, a 5 s cap window and a 4 s disable delay (./hub).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "common/json/json.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/webhook_receiver.hpp"

namespace hub {
namespace {

using namespace std::chrono_literals;
using test::Account;
using test::ReceivedRequest;
using test::TestRepo;
using test::via_gateway;
using test::WebhookReceiver;

constexpr const char* kHooks = "/api/settings/webhooks";

std::string watch_repo(const TestRepo& r) {
  return R"([{"type":"model","name":")" + r.path() + R"("}])";
}

// A hook of `owner_base` (kHooks or an org's), answering its id ("" when refused: the test fails).
std::string create_hook(const std::string& token, const std::string& watched, const std::string& url,
                        const std::string& extra = "", const std::string& owner_base = kHooks) {
  auto doc = test::answer_json(
      via_gateway("POST", owner_base, token, R"({"url":")" + url + R"(","watched":)" + watched + extra + "}"));
  return doc.IsObject() && doc.HasMember("webhook") ? doc["webhook"]["id"].GetString() : "";
}

std::int64_t open_thread(const Account& a, const TestRepo& r, const std::string& title) {
  auto doc = test::answer_json(via_gateway("POST", r.api() + "/discussions", a.session,
                                           R"({"title":")" + title + R"(","description":"opening"})"));
  return doc.IsObject() && doc.HasMember("num") ? doc["num"].GetInt64() : 0;
}

void comment(const Account& a, const TestRepo& r, std::int64_t num, const std::string& text) {
  EXPECT_EQ(via_gateway("POST", r.api() + "/discussions/" + std::to_string(num) + "/comment", a.session,
                        R"({"comment":")" + text + R"("})")
                .status,
            200);
}

// The hook's delivery log (its first 1,000 deliveries: all of them here); an empty array when refused.
json::Document deliveries(const std::string& token, const std::string& hook_path) {
  auto res = via_gateway("GET", hook_path + "/deliveries?limit=1000", token);
  EXPECT_EQ(res.status, 200) << res.body;
  auto doc = json::parse(res.body);
  if (doc && doc.value().IsArray()) return std::move(doc).value();
  json::Document empty;
  empty.SetArray();
  return empty;
}

const json::Value* delivery_in(const json::Document& log, const std::string& id) {
  if (!log.IsArray()) return nullptr;
  for (const auto& d : log.GetArray())
    if (std::string(d["id"].GetString()) == id) return &d;
  return nullptr;
}

auto comment_saying(const std::string& text) {
  return [text](const ReceivedRequest& r) {
    return r.scope() == "discussion.comment" && r.payload["comment"].HasMember("content") &&
           std::string(r.payload["comment"]["content"].GetString()) == text;
  };
}

// A new org of `admin`'s with `member` in it with `role`.
std::string new_org(const Account& admin, const Account& member, const std::string& role) {
  std::string org = "wo" + util::random_id().substr(0, 10);
  EXPECT_EQ(via_gateway("POST", "/api/organizations", admin.session, R"({"name":")" + org + R"("})").status, 201);
  EXPECT_EQ(via_gateway("PUT", "/api/organizations/" + org + "/members/" + member.name + "/role", admin.session,
                        R"({"role":")" + role + R"("})")
                .status,
            200);
  return org;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(WebhookDeliveries, ACommentArrivesSignedBothWaysAsPayloadV3) {
  const Account ada = test::new_account("wd");
  const TestRepo repo = test::new_repo(ada, false);
  const TestRepo secret_repo = test::new_repo(ada, true);
  const std::string secret = "sig-" + util::random_id();
  WebhookReceiver receiver({"--secret", secret});
  const std::string hook = create_hook(ada.session, R"([{"type":"user","name":")" + ada.name + R"("}])", receiver.url(),
                                       R"(,"secret":")" + secret + R"(")");
  ASSERT_FALSE(hook.empty());
  const std::int64_t num = open_thread(ada, repo, "Tokenizer");
  comment(ada, repo, num, "looks good");

  auto got = receiver.wait_for(1, comment_saying("looks good"));
  ASSERT_EQ(got.size(), 1u) << "the comment never arrived";
  const ReceivedRequest& r = got[0];
  EXPECT_TRUE(r.verified) << "Python's hmac disagrees: " << json::quote(r.line["body"].GetString());
  EXPECT_TRUE(r.line["checks"]["webhook_signature"].GetBool()) << "Standard Webhooks";
  EXPECT_TRUE(r.line["checks"]["x_hub_signature_256"].GetBool()) << "GitHub's scheme";
  EXPECT_TRUE(r.line["checks"]["x_webhook_secret"].GetBool()) << "the Hub's header";
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_FALSE(r.header("webhook-timestamp").empty());
  EXPECT_EQ(r.header("webhook-signature").substr(0, 3), "v1,");
  EXPECT_EQ(r.header("X-Hub-Signature-256").substr(0, 7), "sha256=");
  const json::Value& p = r.payload;
  EXPECT_EQ(std::string(p["event"]["action"].GetString()), "create");
  EXPECT_EQ(std::string(p["repo"]["name"].GetString()), repo.path());
  EXPECT_FALSE(p["repo"]["private"].GetBool());
  EXPECT_EQ(std::string(p["repo"]["owner"]["id"].GetString()), ada.id);
  EXPECT_EQ(p["discussion"]["num"].GetInt64(), num);
  EXPECT_EQ(std::string(p["discussion"]["title"].GetString()), "Tokenizer");
  EXPECT_EQ(std::string(p["comment"]["author"]["id"].GetString()), ada.id);
  EXPECT_EQ(std::string(p["webhook"]["id"].GetString()), hook);
  EXPECT_EQ(p["webhook"]["version"].GetInt(), 3);
  EXPECT_TRUE(test::valid_payload_v3(r.line["body"].GetString())) << r.line["body"].GetString();
  // The thread's opening arrived too (scope discussion), each under its own webhook-id.
  auto opened = receiver.wait_for(1, [](const ReceivedRequest& q) { return q.scope() == "discussion"; });
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_NE(opened[0].webhook_id, r.webhook_id);

  // A private repo of hers: the same hook receives it, saying so.
  const std::int64_t hidden_num = open_thread(ada, secret_repo, "Private");
  comment(ada, secret_repo, hidden_num, "in private");
  auto private_one = receiver.wait_for(1, comment_saying("in private"));
  ASSERT_EQ(private_one.size(), 1u);
  EXPECT_TRUE(private_one[0].payload["repo"]["private"].GetBool());

  // The delivery log: the attempt, its 200, the secret redacted; the secret in no answer or log.
  const std::string hook_path = std::string(kHooks) + "/" + hook;
  test::eventually([&] {
    const auto log = deliveries(ada.session, hook_path);
    const json::Value* d = delivery_in(log, r.webhook_id);
    return d != nullptr && std::string((*d)["state"].GetString()) == "succeeded";
  });
  auto raw = via_gateway("GET", hook_path + "/deliveries", ada.session);
  EXPECT_EQ(raw.body.find(secret), std::string::npos) << "the secret is in the delivery log";
  const auto log = deliveries(ada.session, hook_path);
  const json::Value* d = delivery_in(log, r.webhook_id);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(std::string((*d)["scope"].GetString()), "discussion.comment");
  EXPECT_EQ(std::string((*d)["event"]["type"].GetString()), "discussion.comment.created");
  ASSERT_EQ((*d)["attempts"].Size(), 1u);
  const json::Value& attempt = (*d)["attempts"][0];
  EXPECT_EQ(attempt["response"]["status"].GetInt(), 200);
  EXPECT_EQ(std::string(attempt["request"]["headers"]["X-Webhook-Secret"].GetString()), "[redacted]");
  EXPECT_EQ(std::string(attempt["request"]["headers"]["webhook-id"].GetString()), r.webhook_id);
  EXPECT_EQ(std::string((*d)["request"]["body"].GetString()), std::string(r.line["body"].GetString()))
      << "the body as sent";
  for (const char* service : {"notifications", "gateway"}) {
    EXPECT_EQ(read_file(test::require_env("HUB_TEST_LOGS") + "/" + service + ".log").find(secret), std::string::npos)
        << "the secret is in " << service << ".log";
  }
}

TEST(WebhookDeliveries, AReceiverFailingThreeTimesGetsTheFourthUnderTheSameId) {
  const Account ada = test::new_account("wf");
  const TestRepo repo = test::new_repo(ada, false);
  const std::int64_t num = open_thread(ada, repo, "Retries");
  WebhookReceiver receiver({"--fail-first", "3"});
  const std::string hook = create_hook(ada.session, watch_repo(repo), receiver.url(), R"(,"domains":["discussion"])");
  comment(ada, repo, num, "try again");
  auto got = receiver.wait_for(4, comment_saying("try again"));
  ASSERT_EQ(got.size(), 4u) << "four attempts, the last answered 200";
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(got[i].webhook_id, got[0].webhook_id) << "the same webhook-id on every attempt";
    EXPECT_EQ(got[i].attempt, i + 1);
    EXPECT_EQ(got[i].status, i < 3 ? 500 : 200);
  }
  json::Document log;
  const json::Value* d = nullptr;
  ASSERT_TRUE(test::eventually([&] {
    log = deliveries(ada.session, std::string(kHooks) + "/" + hook);
    d = delivery_in(log, got[0].webhook_id);
    return d != nullptr && std::string((*d)["state"].GetString()) == "succeeded";
  }));
  ASSERT_EQ((*d)["attempts"].Size(), 4u) << "the log shows every attempt";
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ((*d)["attempts"][i]["attempt"].GetInt(), i + 1);
    EXPECT_EQ((*d)["attempts"][i]["response"]["status"].GetInt(), i < 3 ? 500 : 200);
  }
}

TEST(WebhookDeliveries, AHangingReceiverIsCutAtTenSecondsAndHoldsUpNoOtherHook) {
  const Account ada = test::new_account("wg");
  const TestRepo repo = test::new_repo(ada, false);
  const std::int64_t num = open_thread(ada, repo, "Hang");
  WebhookReceiver hanging({"--hang-seconds", "30"});
  WebhookReceiver prompt;
  const std::string slow = create_hook(ada.session, watch_repo(repo), hanging.url(), R"(,"domains":["discussion"])");
  create_hook(ada.session, watch_repo(repo), prompt.url(), R"(,"domains":["discussion"])");
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i)
    comment(ada, repo, num, "c" + std::to_string(i));
  // Six comments reach the prompt receiver while the hanging one holds every attempt it gets.
  auto quick = prompt.wait_for(
      6, [](const ReceivedRequest& r) { return r.scope() == "discussion.comment"; }, 8s);
  EXPECT_EQ(quick.size(), 6u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 8s) << "the hanging receiver held up another hook";
  EXPECT_FALSE(hanging.requests().empty()) << "it was sent to, and hangs";
  // Its first attempt ends at the 10 s deadline, and the log says so.
  json::Document log;
  const json::Value* cut = nullptr;
  ASSERT_TRUE(test::eventually(
      [&] {
        log = deliveries(ada.session, std::string(kHooks) + "/" + slow);
        for (const auto& d : log.GetArray()) {
          for (const auto& a : d["attempts"].GetArray()) {
            if (a["response"].IsNull()) cut = &a;
          }
        }
        return cut != nullptr;
      },
      25s))
      << "no attempt was cut";
  const auto ms = (*cut)["durationMs"].GetInt64();
  EXPECT_GE(ms, 9500) << "cut before its deadline";
  EXPECT_LT(ms, 12000) << "not cut at 10 s";
  EXPECT_FALSE(std::string((*cut)["error"].GetString()).empty());
}

TEST(WebhookDeliveries, RedeliveryKeepsTheIdAndATestPingArrives) {
  const Account ada = test::new_account("wr");
  const TestRepo repo = test::new_repo(ada, false);
  const std::int64_t num = open_thread(ada, repo, "Redeliver");
  const std::string secret = "ping-" + util::random_id();
  WebhookReceiver receiver({"--secret", secret});
  const std::string hook = create_hook(ada.session, watch_repo(repo), receiver.url(),
                                       R"(,"domains":["discussion"],"secret":")" + secret + R"(")");
  const std::string hook_path = std::string(kHooks) + "/" + hook;
  // The ping: signed and logged like any delivery.
  auto ping = test::answer_json(via_gateway("POST", hook_path + "/test", ada.session));
  const std::string ping_id = ping["delivery"]["id"].GetString();
  auto pinged = receiver.wait_for(1, [&](const ReceivedRequest& r) { return r.webhook_id == ping_id; });
  ASSERT_EQ(pinged.size(), 1u);
  EXPECT_EQ(std::string(pinged[0].payload["event"]["action"].GetString()), "ping");
  EXPECT_EQ(std::string(pinged[0].payload["webhook"]["id"].GetString()), hook);
  EXPECT_TRUE(pinged[0].verified);
  EXPECT_TRUE(test::valid_payload_v3(pinged[0].line["body"].GetString()));
  // A delivered comment, redelivered: the same webhook-id, a second attempt.
  comment(ada, repo, num, "again please");
  auto first = receiver.wait_for(1, comment_saying("again please"));
  ASSERT_EQ(first.size(), 1u);
  const std::string id = first[0].webhook_id;
  ASSERT_TRUE(test::eventually([&] {
    const json::Value* d = nullptr;
    auto log = deliveries(ada.session, hook_path);
    d = delivery_in(log, id);
    return d != nullptr && std::string((*d)["state"].GetString()) == "succeeded";
  }));
  auto redelivered = via_gateway("POST", hook_path + "/deliveries/" + id + "/redeliver", ada.session);
  EXPECT_EQ(redelivered.status, 200) << redelivered.body;
  auto both = receiver.wait_for(2, comment_saying("again please"));
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].webhook_id, id);
  EXPECT_EQ(both[1].attempt, 2);
  EXPECT_TRUE(both[1].verified) << "signed anew";
  EXPECT_EQ(via_gateway("POST", hook_path + "/deliveries/" + util::uuid4() + "/redeliver", ada.session).status, 404);
}

TEST(WebhookDeliveries, OverTheDailyCapADeliveryWaitsAndIsNeverDropped) {
  const Account ada = test::new_account("wc");
  const TestRepo repo = test::new_repo(ada, false);
  const std::int64_t num = open_thread(ada, repo, "Cap");
  WebhookReceiver receiver;
  const std::string hook =
      create_hook(ada.session, watch_repo(repo), receiver.url(), R"(,"domains":["discussion"],"dailyCap":2)");
  for (const char* text : {"one", "two", "three"})
    comment(ada, repo, num, text);
  auto early = receiver.wait_for(2, [](const ReceivedRequest& r) { return r.scope() == "discussion.comment"; });
  ASSERT_EQ(early.size(), 2u);
  // The third waits for the window (5 s in the test stack), visibly deferred in the log.
  auto is_comment = [](const ReceivedRequest& r) { return r.scope() == "discussion.comment"; };
  bool seen_deferred = false;
  test::eventually(
      [&] {
        const json::Document log = deliveries(ada.session, std::string(kHooks) + "/" + hook);
        for (const auto& d : log.GetArray())
          seen_deferred = seen_deferred || d.HasMember("deferredUntil");
        return receiver.wait_for(3, is_comment, 0ms).size() >= 3;
      },
      30s);
  auto all = receiver.wait_for(3, is_comment, 0ms);
  ASSERT_EQ(all.size(), 3u) << "the deferred delivery never arrived";
  EXPECT_TRUE(seen_deferred) << "the log showed no deferral";
  EXPECT_GE(all[2].time - all[0].time, 3.0) << "the third went out before the window allowed it";
}

TEST(WebhookDeliveries, AHookFailingLongEnoughIsDisabledAndItsOwnersAreTold) {
  const Account ada = test::new_account("wx");
  const Account second_admin = test::new_account("wx");
  const std::string org = new_org(ada, second_admin, "admin");
  const TestRepo repo = test::new_repo(ada, false, org);
  const std::int64_t num = open_thread(ada, repo, "Failing");
  WebhookReceiver broken({"--status", "500"});
  const std::string org_hooks = "/api/organizations/" + org + "/settings/webhooks";
  const std::string mine = create_hook(ada.session, watch_repo(repo), broken.url(), R"(,"domains":["discussion"])");
  const std::string ours =
      create_hook(ada.session, watch_repo(repo), broken.url(), R"(,"domains":["discussion"])", org_hooks);
  // Failures for longer than the stack's disable delay (4 s): a comment a second until both are off.
  auto disabled = [&](const std::string& path) {
    auto doc = test::answer_json(via_gateway("GET", path, ada.session));
    return doc.IsObject() && doc.HasMember("webhook") && doc["webhook"]["disabled"].GetBool();
  };
  ASSERT_TRUE(test::eventually(
      [&] {
        comment(ada, repo, num, "still failing");
        std::this_thread::sleep_for(900ms);
        return disabled(std::string(kHooks) + "/" + mine) && disabled(org_hooks + "/" + ours);
      },
      30s));
  auto hook = test::answer_json(via_gateway("GET", std::string(kHooks) + "/" + mine, ada.session));
  EXPECT_EQ(std::string(hook["webhook"]["disabledReason"].GetString()), "failing");
  // Each owner told in the inbox: ada for her hook and as an admin of the org's; the other admin too.
  auto items_of = [](const Account& a) {
    pqxx::connection c(test::hub_db_url());
    pqxx::nontransaction tx(c);
    return tx
        .exec_params1(
            "SELECT count(*) FROM notifications.inbox_items WHERE user_id = $1::uuid AND "
            "subject_type = 'webhook' AND reason = 'security' AND event_type = 'webhook.disabled'",
            a.id)[0]
        .as<int>();
  };
  EXPECT_TRUE(test::eventually([&] { return items_of(ada) == 2 && items_of(second_admin) == 1; }, 15s))
      << "ada has " << items_of(ada) << ", the other admin " << items_of(second_admin);
  // As the inbox shows them (GET /api/notifications?reason=security).
  auto inbox = json::parse(via_gateway("GET", "/api/notifications?reason=security", second_admin.session).body);
  ASSERT_TRUE(inbox && inbox.value().IsArray() && inbox.value().Size() == 1u);
  const json::Value& item = inbox.value()[0];
  EXPECT_EQ(std::string(item["subjectType"].GetString()), "webhook");
  EXPECT_NE(std::string(item["title"].GetString()).find("was disabled"), std::string::npos);
  EXPECT_NE(std::string(item["url"].GetString()).find("/api/organizations/" + org + "/settings/webhooks/" + ours),
            std::string::npos);
  // Enabled again, it goes on; nothing is sent while disabled.
  auto on = test::answer_json(via_gateway("POST", std::string(kHooks) + "/" + mine + "/enable", ada.session));
  EXPECT_FALSE(on["webhook"]["disabled"].GetBool());
  EXPECT_FALSE(on["webhook"].HasMember("disabledReason"));
}

TEST(WebhookDeliveries, APrivateReposEventsStopOnceTheHooksOwnerMayNotReadIt) {
  const Account admin = test::new_account("wp");
  const Account bob = test::new_account("wp");
  const std::string org = new_org(admin, bob, "read");
  const TestRepo repo = test::new_repo(admin, true, org);
  const std::int64_t num = open_thread(admin, repo, "Secret plans");
  WebhookReceiver bobs;
  WebhookReceiver admins;
  const std::string bob_hook = create_hook(bob.session, watch_repo(repo), bobs.url(), R"(,"domains":["discussion"])");
  ASSERT_FALSE(bob_hook.empty()) << "a reader may watch the private repo";
  create_hook(admin.session, watch_repo(repo), admins.url(), R"(,"domains":["discussion"])");
  comment(admin, repo, num, "first");
  auto first = bobs.wait_for(1, comment_saying("first"));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0].payload["repo"]["private"].GetBool());

  ASSERT_EQ(via_gateway("DELETE", "/api/organizations/" + org + "/members/" + bob.name, admin.session).status, 204);
  comment(admin, repo, num, "after bob left");
  // The admin's hook gets it: the event was matched, and bob's hook was left out of it.
  ASSERT_EQ(admins.wait_for(1, comment_saying("after bob left")).size(), 1u);
  const auto log = deliveries(bob.session, std::string(kHooks) + "/" + bob_hook);
  for (const auto& d : log.GetArray()) {
    const auto& body = d["request"]["body"];
    EXPECT_TRUE(body.IsNull() || std::string(body.GetString()).find("after bob left") == std::string::npos)
        << "bob's hook has a delivery of the repo he left";
  }
  EXPECT_EQ(bobs.wait_for(1, comment_saying("after bob left"), 1s).size(), 0u);
  // A delivery made while he could read it is not sent again now: redelivered, it is withheld (checked
  // before every attempt) and its payload leaves the log.
  const std::string hook_path = std::string(kHooks) + "/" + bob_hook;
  ASSERT_EQ(via_gateway("POST", hook_path + "/deliveries/" + first[0].webhook_id + "/redeliver", bob.session).status,
            200);
  ASSERT_TRUE(test::eventually([&] {
    const auto again = deliveries(bob.session, hook_path);
    const json::Value* d = delivery_in(again, first[0].webhook_id);
    return d != nullptr && std::string((*d)["state"].GetString()) == "withheld" && (*d)["request"]["body"].IsNull();
  })) << "the redelivery was not withheld";
  EXPECT_EQ(bobs.wait_for(2, comment_saying("first"), 0ms).size(), 1u) << "sent again to someone who left";
  EXPECT_EQ(via_gateway("POST", hook_path + "/deliveries/" + first[0].webhook_id + "/redeliver", bob.session).status,
            409)
      << "withheld for good";
  // And he may no longer set a hook on it: the same refusal as for a repo that does not exist.
  auto refused =
      via_gateway("POST", kHooks, bob.session, R"({"url":")" + bobs.url() + R"(","watched":)" + watch_repo(repo) + "}");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("that " + bob.name + " can read"), std::string::npos) << refused.body;
}

}  // namespace
}  // namespace hub

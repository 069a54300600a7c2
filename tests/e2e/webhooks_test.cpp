// The webhook management API through the gateway, as huggingface_hub's HfApi calls it (hf_api.py:
// create_webhook, list_webhooks, get_webhook, update_webhook, enable_webhook, disable_webhook,
// delete_webhook, and WebhookInfo's parsing), org-owned hooks, refused bad input, and the secret
// never answered nor logged. Every URL is on loopback (port 9, where nothing listens): an event
// recorded after a hook's creation would be sent there, and tests send nothing beyond 127.0.0.0/8.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/json/json.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::Account;
using test::via_gateway;

constexpr const char* kHooks = "/api/settings/webhooks";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fields huggingface_hub's WebhookInfo reads, as it reads them (KeyError on a missing one).
void expect_webhook_info(const json::Value& w) {
  ASSERT_TRUE(w.IsObject());
  for (const char* key : {"id", "watched", "domains", "disabled"})
    EXPECT_TRUE(w.HasMember(key)) << key;
  EXPECT_TRUE(w["id"].IsString());
  EXPECT_TRUE(w["url"].IsString());
  EXPECT_TRUE(w["disabled"].IsBool());
  for (const auto& item : w["watched"].GetArray()) {
    EXPECT_TRUE(item["type"].IsString());
    EXPECT_TRUE(item["name"].IsString());
  }
  EXPECT_FALSE(w.HasMember("secret")) << "never answered (WebhookInfo reads it with .get)";
}

TEST(Webhooks, ManagedAsHuggingfaceHubDoes) {
  const Account ada = test::new_account("wh");
  const test::TestRepo repo = test::new_repo(ada, false);
  const std::string secret = "s3cret-" + util::random_id();
  // create_webhook(url=..., watched=[...], domains=["repo", "discussions"], secret=...)
  auto created = test::answer_json(via_gateway(
      "POST", kHooks, ada.session,
      R"({"watched":[{"type":"user","name":")" + ada.name + R"("},{"type":"model","name":")" + repo.path() +
          R"("}],"domains":["repo","discussions"],"secret":")" + secret + R"(","url":"https://127.0.0.1:9/hook"})"));
  ASSERT_TRUE(created.HasMember("webhook")) << "create answers {webhook}";
  const json::Value& w = created["webhook"];
  expect_webhook_info(w);
  const std::string id = w["id"].GetString();
  EXPECT_EQ(std::string(w["url"].GetString()), "https://127.0.0.1:9/hook");
  ASSERT_EQ(w["watched"].Size(), 2u);
  EXPECT_EQ(std::string(w["watched"][1]["type"].GetString()), "model");
  EXPECT_EQ(std::string(w["watched"][1]["name"].GetString()), repo.path());
  ASSERT_EQ(w["domains"].Size(), 2u);
  EXPECT_EQ(std::string(w["domains"][1].GetString()), "discussions") << "as written";
  EXPECT_FALSE(w["disabled"].GetBool());
  EXPECT_TRUE(w["hasSecret"].GetBool());
  EXPECT_EQ(std::string(w["owner"]["type"].GetString()), "user");

  // list_webhooks: a bare array of the same objects.
  auto listed = via_gateway("GET", kHooks, ada.session);
  auto list = json::parse(listed.body);
  ASSERT_TRUE(list && list.value().IsArray()) << listed.body;
  ASSERT_EQ(list.value().Size(), 1u);
  expect_webhook_info(list.value()[0]);
  // get_webhook
  auto got = test::answer_json(via_gateway("GET", std::string(kHooks) + "/" + id, ada.session));
  expect_webhook_info(got["webhook"]);
  // update_webhook(id, url=...): watched is sent as [] when not given, and stays as it was.
  auto updated = test::answer_json(via_gateway("POST", std::string(kHooks) + "/" + id, ada.session,
                                               R"({"watched":[],"url":"https://127.0.0.1:9/v2"})"));
  EXPECT_EQ(std::string(updated["webhook"]["url"].GetString()), "https://127.0.0.1:9/v2");
  EXPECT_EQ(updated["webhook"]["watched"].Size(), 2u);
  EXPECT_TRUE(updated["webhook"]["hasSecret"].GetBool()) << "absent: unchanged";
  updated = test::answer_json(via_gateway("POST", std::string(kHooks) + "/" + id, ada.session,
                                          R"({"watched":[{"type":"user","name":")" + ada.name +
                                              R"("}],"domains":["discussion"],"secret":null,"dailyCap":10})"));
  EXPECT_EQ(updated["webhook"]["watched"].Size(), 1u);
  EXPECT_EQ(std::string(updated["webhook"]["domains"][0].GetString()), "discussion");
  EXPECT_FALSE(updated["webhook"]["hasSecret"].GetBool()) << "null removes it";
  EXPECT_EQ(updated["webhook"]["dailyCap"].GetInt(), 10);
  // disable_webhook / enable_webhook: {webhook}
  auto off = test::answer_json(via_gateway("POST", std::string(kHooks) + "/" + id + "/disable", ada.session));
  EXPECT_TRUE(off["webhook"]["disabled"].GetBool());
  EXPECT_EQ(std::string(off["webhook"]["disabledReason"].GetString()), "owner");
  auto on = test::answer_json(via_gateway("POST", std::string(kHooks) + "/" + id + "/enable", ada.session));
  EXPECT_FALSE(on["webhook"]["disabled"].GetBool());
  // delete_webhook
  EXPECT_EQ(via_gateway("DELETE", std::string(kHooks) + "/" + id, ada.session).status, 204);
  EXPECT_EQ(via_gateway("GET", std::string(kHooks) + "/" + id, ada.session).status, 404);
  EXPECT_EQ(via_gateway("DELETE", std::string(kHooks) + "/" + id, ada.session).status, 404);
  EXPECT_EQ(via_gateway("GET", std::string(kHooks) + "/not-an-id", ada.session).status, 404);

  // The secret is in no answer above and in no log line of the stack.
  for (const char* log : {"notifications", "gateway", "auth"}) {
    const std::string text = read_file(test::require_env("HUB_TEST_LOGS") + "/" + log + ".log");
    EXPECT_EQ(text.find(secret), std::string::npos) << "the secret is in " << log << ".log";
  }
}

TEST(Webhooks, BadInputIsA400ThatChangesNothing) {
  const Account ada = test::new_account("wb");
  const test::TestRepo mine = test::new_repo(ada, true);
  const Account bob = test::new_account("wb");
  const test::TestRepo bobs_private = test::new_repo(bob, true);
  const std::string watched = R"("watched":[{"type":"user","name":")" + ada.name + R"("}])";
  const std::string url = R"("url":"https://127.0.0.1:9/hook")";
  struct Case {
    std::string body;
    std::string says;  // part of the error message
  };
  const std::vector<Case> cases = {
      {"{" + watched + "}", "url is required"},
      {"{" + watched + R"(,"url":"ftp://127.0.0.1/"})", "url"},
      {"{" + watched + R"(,"url":"https://user:pw@127.0.0.1:9/"})", "url"},
      {"{" + watched + R"(,"url":"not a url"})", "url"},
      {"{" + url + R"(,"watched":[]})", "watched"},
      {"{" + url + "}", "watched"},
      {"{" + url + R"(,"watched":[{"type":"repo","name":"a/b"}]})", "type is user, org, model, dataset or space"},
      {"{" + url + R"(,"watched":[{"type":"model","name":"bert"}]})", "namespace/name"},
      {"{" + url + R"(,"watched":[{"type":"user","name":"nobody-here-x1"}]})", "no user named nobody-here-x1"},
      {"{" + url + R"(,"watched":[{"type":"org","name":")" + ada.name + R"("}]})", "no organization named"},
      {"{" + url + R"(,"watched":[{"type":"model","name":")" + ada.name + R"(/missing"}]})", "that " + ada.name},
      // bob's private repo and a repo that does not exist are refused alike: nothing is revealed.
      {"{" + url + R"(,"watched":[{"type":"model","name":")" + bobs_private.path() + R"("}]})",
       "no model named " + bobs_private.path() + " that " + ada.name + " can read"},
      {"{" + watched + "," + url + R"(,"domains":["comments"]})", "domains"},
      {"{" + watched + "," + url + R"(,"domains":"repo"})", "domains"},
      {"{" + watched + "," + url + R"(,"secret":")" + std::string(300, 'x') + R"("})", "secret"},
      {"{" + watched + "," + url + R"(,"dailyCap":0})", "dailyCap"},
      {"{" + watched + "," + url + R"(,"dailyCap":1000000})", "dailyCap"},
      {"{" + watched + R"(,"jobSourceId":"abc"})", "url"},
      {"not json", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 120));
    auto res = via_gateway("POST", kHooks, ada.session, c.body);
    EXPECT_EQ(res.status, 400) << res.body;
    EXPECT_NE(res.body.find(c.says), std::string::npos) << res.body;
    EXPECT_FALSE(res.headers.get("X-Error-Message").empty());
  }
  auto list = json::parse(via_gateway("GET", kHooks, ada.session).body);
  ASSERT_TRUE(list);
  EXPECT_EQ(list.value().Size(), 0u) << "nothing was created";
  // Her own private repo she may watch.
  EXPECT_EQ(via_gateway("POST", kHooks, ada.session,
                        "{" + url + R"(,"watched":[{"type":"model","name":")" + mine.path() + R"("}]})")
                .status,
            200);
  EXPECT_EQ(via_gateway("POST", kHooks, ada.session, "{}", "text/plain").status, 415);
}

TEST(Webhooks, OrgHooksWatchTheOrgsOwnPrivateReposOnly) {
  const Account admin = test::new_account("wo");
  const std::string org = "wo" + util::random_id().substr(0, 10);
  ASSERT_EQ(via_gateway("POST", "/api/organizations", admin.session, R"({"name":")" + org + R"("})").status, 201);
  const test::TestRepo org_private = test::new_repo(admin, true, org);
  const test::TestRepo admins_private = test::new_repo(admin, true);
  const test::TestRepo admins_public = test::new_repo(admin, false);
  const std::string hooks = "/api/organizations/" + org + "/settings/webhooks";
  auto watch = [&](const test::TestRepo& r) {
    return via_gateway(
        "POST", hooks, admin.session,
        R"({"url":"https://127.0.0.1:9/hook","watched":[{"type":"model","name":")" + r.path() + R"("}]})");
  };
  auto made = test::answer_json(watch(org_private));
  EXPECT_EQ(std::string(made["webhook"]["owner"]["type"].GetString()), "org");
  EXPECT_EQ(std::string(made["webhook"]["owner"]["name"].GetString()), org);
  EXPECT_EQ(watch(admins_public).status, 200) << "anyone's public repo";
  auto refused = watch(admins_private);
  EXPECT_EQ(refused.status, 400) << "an admin's own private repo is not the org's to send";
  auto list = json::parse(via_gateway("GET", hooks, admin.session).body);
  ASSERT_TRUE(list);
  EXPECT_EQ(list.value().Size(), 2u);
  auto own = json::parse(via_gateway("GET", kHooks, admin.session).body);
  ASSERT_TRUE(own);
  EXPECT_EQ(own.value().Size(), 0u) << "the org's hooks are not the admin's own";
}

}  // namespace
}  // namespace hub

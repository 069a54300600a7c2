// The authorization matrix of webhooks: every management, log, redelivery and ping endpoint for the
// matrix's people (anonymous, outsider, org reader, contributor, writer and admin, a removed member,
// read, write and fine-grained tokens) on an org's hooks, and on another user's; and auth's internal
// endpoints notifications asks (signed calls only).
#include <gtest/gtest.h>

#include "common/json/json.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/matrix_people.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::via_gateway;

// A receiver nobody listens on (the discard port of loopback): deliveries fail, which is fine here.
constexpr const char* kUrl = "http://127.0.0.1:9/hook";

std::string hook_body(const std::string& watched_type, const std::string& watched_name) {
  return R"({"url":")" + std::string(kUrl) + R"(","watched":[{"type":")" + watched_type + R"(","name":")" +
         watched_name + R"("}],"domains":["repo"]})";
}

std::string created_id(const http::ClientResponse& res) {
  auto doc = test::answer_json(res);
  return doc.IsObject() && doc.HasMember("webhook") ? doc["webhook"]["id"].GetString() : "";
}

// The first delivery of a hook's log (a ping made for the purpose).
std::string a_delivery(const std::string& base, const std::string& token) {
  auto doc = test::answer_json(via_gateway("POST", base + "/test", token, "{}"));
  return doc.IsObject() && doc.HasMember("delivery") ? doc["delivery"]["id"].GetString() : "";
}

TEST(WebhooksMatrix, OrgHooksAreForTheOrgsAdmins) {
  test::MatrixPeople people;
  people.set_up();
  const auto& p = people;
  const std::string org_hooks = "/api/organizations/" + p.org + "/settings/webhooks";
  const std::string id = created_id(via_gateway("POST", org_hooks, p.admin.session, hook_body("org", p.org)));
  ASSERT_FALSE(id.empty());
  const std::string hook = org_hooks + "/" + id;
  const std::string delivery = a_delivery(hook, p.admin.session);
  ASSERT_FALSE(delivery.empty());

  struct Row {
    const char* who;
    std::string token;
    int read;   // GET list, GET one, GET deliveries
    int write;  // create, update, enable, disable, redeliver, test
  };
  const std::string anonymous;
  const std::vector<Row> rows = {
      {"anonymous", anonymous, 401, 401},
      {"outsider", p.outsider.session, 404, 404},
      {"org reader", p.reader.session, 403, 403},
      {"contributor", p.contributor.session, 403, 403},
      {"org writer", p.writer.session, 403, 403},
      {"removed member", p.removed.session, 404, 404},
      {"read token (admin's)", p.read_token.first, 200, 403},
      {"write token (writer's)", p.write_token.first, 403, 403},
      {"fine-grained elsewhere (admin's)", p.scoped_elsewhere.first, 403, 403},
      {"expired token (admin's)", p.expired.first, 401, 401},
      {"revoked token (admin's)", p.revoked.first, 401, 401},
      {"org admin", p.admin.session, 200, 200},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.who);
    EXPECT_EQ(via_gateway("GET", org_hooks, r.token).status, r.read);
    EXPECT_EQ(via_gateway("GET", hook, r.token).status, r.read);
    EXPECT_EQ(via_gateway("GET", hook + "/deliveries", r.token).status, r.read);
    EXPECT_EQ(via_gateway("POST", org_hooks, r.token, hook_body("org", p.org)).status, r.write);
    EXPECT_EQ(via_gateway("POST", hook, r.token, R"({"url":"http://127.0.0.1:9/other"})").status, r.write);
    EXPECT_EQ(via_gateway("POST", hook + "/disable", r.token).status, r.write);
    EXPECT_EQ(via_gateway("POST", hook + "/enable", r.token).status, r.write);
    EXPECT_EQ(via_gateway("POST", hook + "/deliveries/" + delivery + "/redeliver", r.token).status, r.write);
    EXPECT_EQ(via_gateway("POST", hook + "/test", r.token).status, r.write);
  }
  // Fine-grained tokens on the org itself: org.read reads, webhooks.write manages.
  const std::string reads = test::new_token(p.admin, R"({"displayName":"o","role":"fineGrained","scoped":[{"entity":)"
                                                     R"({"type":"org","name":")" +
                                                         p.org + R"("},"permissions":["org.read"]}]})")
                                .first;
  EXPECT_EQ(via_gateway("GET", hook, reads).status, 200);
  EXPECT_EQ(via_gateway("POST", hook + "/disable", reads).status, 403);
  const std::string manages =
      test::new_token(p.admin, R"({"displayName":"w","role":"fineGrained","scoped":[{"entity":{"type":"org","name":")" +
                                   p.org + R"("},"permissions":["webhooks.write"]}]})")
          .first;
  EXPECT_EQ(via_gateway("POST", hook + "/enable", manages).status, 200);
  // Deleting: the admin only; then it is gone for everyone.
  EXPECT_EQ(via_gateway("DELETE", hook, p.writer.session).status, 403);
  EXPECT_EQ(via_gateway("DELETE", hook, p.outsider.session).status, 404);
  EXPECT_EQ(via_gateway("DELETE", hook, p.admin.session).status, 204);
  EXPECT_EQ(via_gateway("GET", hook, p.admin.session).status, 404);
  // An org that does not exist, and a user's name in the org's place, look alike.
  EXPECT_EQ(via_gateway("GET", "/api/organizations/no-such-org-x9/settings/webhooks", p.admin.session).status, 404);
  EXPECT_EQ(via_gateway("GET", "/api/organizations/" + p.admin.name + "/settings/webhooks", p.admin.session).status,
            404);
}

TEST(WebhooksMatrix, AUsersHooksAreTheirsAlone) {
  const test::Account ada = test::new_account("wm");
  const test::Account bob = test::new_account("wm");
  const std::string mine = "/api/settings/webhooks";
  const std::string id = created_id(via_gateway("POST", mine, ada.session, hook_body("user", ada.name)));
  ASSERT_FALSE(id.empty());
  const std::string hook = mine + "/" + id;
  const std::string delivery = a_delivery(hook, ada.session);
  // Someone else's hook does not exist for bob, whatever he tries; his own list is his own.
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", hook},
                                                        {"POST", hook},
                                                        {"DELETE", hook},
                                                        {"POST", hook + "/enable"},
                                                        {"POST", hook + "/disable"},
                                                        {"GET", hook + "/deliveries"},
                                                        {"POST", hook + "/deliveries/" + delivery + "/redeliver"},
                                                        {"POST", hook + "/test"}}) {
    SCOPED_TRACE(method + " " + path);
    EXPECT_EQ(via_gateway(method, path, bob.session, method == "POST" ? "{}" : "").status, 404);
    EXPECT_EQ(via_gateway(method, path, "", method == "POST" ? "{}" : "").status, 401);
  }
  auto list = json::parse(via_gateway("GET", mine, bob.session).body);
  ASSERT_TRUE(list);
  EXPECT_TRUE(list.value().IsArray());
  EXPECT_EQ(list.value().Size(), 0u);
  // A read token reads and changes nothing; a write token manages.
  const std::string read = test::new_token(ada, R"({"displayName":"r","role":"read"})").first;
  EXPECT_EQ(via_gateway("GET", hook, read).status, 200);
  EXPECT_EQ(via_gateway("POST", hook + "/disable", read).status, 403);
  EXPECT_EQ(via_gateway("POST", mine, read, hook_body("user", ada.name)).status, 403);
  const std::string write = test::new_token(ada, R"({"displayName":"w","role":"write"})").first;
  EXPECT_EQ(via_gateway("POST", hook + "/disable", write).status, 200);
  // A fine-grained token reaches only orgs' hooks (its entries name orgs and repos, never a user):
  // a user's own hooks need a session or a read or write token.
  const std::string other =
      test::new_token(ada, R"({"displayName":"g","role":"fineGrained","scoped":[{"entity":{"type":"model","name":")" +
                               ada.name + R"(/x"},"permissions":["repo.write"]}]})")
          .first;
  EXPECT_EQ(via_gateway("GET", mine, other).status, 403);
}

TEST(WebhooksMatrix, AuthsEndpointsForNotificationsAreSignedOnly) {
  const test::Account ada = test::new_account("wi");
  const std::string body =
      R"({"namespace":")" + ada.name + R"(","userId":")" + ada.id + R"(","tokenId":")" + ada.session_id + R"("})";
  auto owner = test::answer_json(test::as_service("AUTH", "notifications", "POST", "/internal/webhook-owner", body));
  EXPECT_TRUE(owner["exists"].GetBool());
  EXPECT_EQ(std::string(owner["kind"].GetString()), "user");
  EXPECT_EQ(std::string(owner["id"].GetString()), ada.id);
  EXPECT_TRUE(owner["mayManage"].GetBool());
  auto found = test::answer_json(test::as_service("AUTH", "notifications", "POST", "/internal/namespaces",
                                                  R"({"names":[")" + ada.name + R"(","nobody-x1"]})"));
  ASSERT_EQ(found["namespaces"].Size(), 1u) << "unknown names are left out";
  EXPECT_EQ(std::string(found["namespaces"][0]["id"].GetString()), ada.id);
  EXPECT_EQ(test::as_service("AUTH", "notifications", "POST", "/internal/namespaces", R"({"names":"x"})").status, 400);
  http::Client client(config::parse_host_port(test::require_env("HUB_TEST_AUTH")).value());
  for (const char* path : {"/internal/webhook-owner", "/internal/namespaces"}) {
    http::ClientRequest req;
    req.method = "POST";
    req.target = path;
    req.body = body;
    req.headers.set("Content-Type", "application/json");
    EXPECT_EQ(client.send(req).status, 401) << path << " unsigned";
  }
}

}  // namespace
}  // namespace hub

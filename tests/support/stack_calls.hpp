#pragma once
// Requests to the stack `./hub test` started, as the end-to-end tests of accounts, orgs and
// decisions make them: through the gateway with an optional bearer token and JSON body, and the
// stack's internal secret for tests that call a service directly as another service would.
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>

#include "common/access/identity.hpp"
#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "common/util/uuid.hpp"
#include "tests/support/test_env.hpp"

namespace hub::test {

// A request through the gateway at `gateway` (the stack's, or a test's own).
inline http::ClientResponse via(const config::HostPort& gateway, const std::string& method, const std::string& target,
                                const std::string& token = {}, const std::string& body = {},
                                const std::string& content_type = "application/json") {
  http::Client client(gateway);
  http::ClientRequest req;
  req.method = method;
  req.target = target;
  if (!token.empty()) req.headers.set("Authorization", "Bearer " + token);
  if (!body.empty()) {
    req.body = body;
    req.headers.set("Content-Type", content_type);
  }
  return client.send(req);
}

inline http::ClientResponse via_gateway(const std::string& method, const std::string& target,
                                        const std::string& token = {}, const std::string& body = {},
                                        const std::string& content_type = "application/json") {
  return via(stack_gateway(), method, target, token, body, content_type);
}

// The stack's own database (the admin URL names the maintenance database).
inline std::string hub_db_url() {
  const std::string admin = require_env("HUB_TEST_PG_ADMIN_URL");
  return admin.substr(0, admin.rfind('/') + 1) + "hub";
}

inline std::string stack_secret() {
  std::ifstream in(require_env("HUB_TEST_SECRET_FILE"));
  std::string s;
  std::getline(in, s);
  return s;
}

// A call straight to a service of the stack (HUB_TEST_<SERVICE>, e.g. "AUTH"), signed as `as`.
inline http::ClientResponse as_service(const std::string& service_env, const std::string& as, const std::string& method,
                                       const std::string& target, const std::string& body) {
  static const access::Signer signer(stack_secret());
  auto address = config::parse_host_port(require_env(("HUB_TEST_" + service_env).c_str())).value();
  http::Client client(address);
  http::ClientRequest req;
  req.method = method;
  req.target = target;
  req.body = body;
  const std::string request_id = util::random_id();
  req.headers.set("X-Request-Id", request_id);
  req.headers.set("Content-Type", "application/json");
  req.headers.set(access::kServiceHeader,
                  signer.sign_service(as, access::Binding{method, target, request_id, access::unix_now()}));
  return client.send(req);
}

// A fresh account, signed up and logged in through the gateway.
struct Account {
  std::string name, id, session, session_id;
};

// Through the gateway at `gateway` (the stack's, or a test's own).
inline Account new_account_at(const config::HostPort& gateway, const std::string& prefix) {
  Account a{prefix + util::random_id().substr(0, 12), {}, {}, {}};
  auto made =
      via(gateway, "POST", "/api/signup", {},
          R"({"username":")" + a.name + R"(","email":")" + a.name + R"(@example.com","password":"correct horse"})");
  if (made.status != 201) throw std::runtime_error("signup failed: " + made.body);
  auto login = json::parse_object(
      via(gateway, "POST", "/api/login", {}, R"({"username":")" + a.name + R"(","password":"correct horse"})").body);
  if (!login) throw std::runtime_error("login failed");
  a.session = login.value()["token"].GetString();
  a.session_id = login.value()["tokenId"].GetString();
  auto me = json::parse_object(via(gateway, "GET", "/api/whoami-v2", a.session).body);
  if (!me) throw std::runtime_error("whoami failed");
  a.id = me.value()["id"].GetString();
  return a;
}

inline Account new_account(const std::string& prefix = "u") {
  return new_account_at(stack_gateway(), prefix);
}

// A new access token of `a` from a settings/tokens body: {secret, id}.
inline std::pair<std::string, std::string> new_token(const Account& a, const std::string& body) {
  auto res = via_gateway("POST", "/api/settings/tokens", a.session, body);
  auto doc = json::parse_object(res.body);
  if (res.status != 201 && res.status != 200) throw std::runtime_error("token creation failed: " + res.body);
  return {doc.value()["token"].GetString(), doc.value()["id"].GetString()};
}

// Registers a model repo in auth's registry, as the repos service does when it creates one.
inline void register_repo(const std::string& ns, const std::string& name, bool is_private,
                          const std::string& creator_id = {}) {
  std::string body = R"({"type":"model","namespace":")" + ns + R"(","name":")" + name + R"(","private":)" +
                     (is_private ? "true" : "false");
  if (!creator_id.empty()) body += R"(,"creatorId":")" + creator_id + "\"";
  body += "}";
  auto res = as_service("AUTH", "repos", "PUT", "/internal/repos/" + util::uuid4(), body);
  if (res.status != 204) throw std::runtime_error("registering a repo failed: " + res.body);
}

}  // namespace hub::test

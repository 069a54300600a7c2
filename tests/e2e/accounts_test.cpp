// Accounts and tokens through the gateway: signup, login, whoami in the Hub's shape, access tokens
// and their revocation, git's basic auth, the first admin's token file, and bad input refused with
// nothing stored.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

http::ClientResponse call(const std::string& method, const std::string& target, const std::string& token = {},
                          const std::string& body = {}, const std::string& content_type = "application/json") {
  return test::via_gateway(method, target, token, body, content_type);
}

json::Document parsed(const http::ClientResponse& res) {
  auto doc = json::parse(res.body);
  EXPECT_TRUE(doc) << res.body;
  return doc ? std::move(doc).value() : json::Document();
}

std::string unique_name() {
  return "u" + util::random_id().substr(0, 12);
}

struct Account {
  std::string name;
  std::string session;
};

Account signup_and_login() {
  Account a{unique_name(), {}};
  auto made =
      call("POST", "/api/signup", {},
           R"({"username":")" + a.name + R"(","email":")" + a.name + R"(@example.com","password":"correct horse"})");
  EXPECT_EQ(made.status, 201) << made.body;
  auto login = call("POST", "/api/login", {}, R"({"username":")" + a.name + R"(","password":"correct horse"})");
  EXPECT_EQ(login.status, 200) << login.body;
  auto doc = parsed(login);
  if (doc.IsObject() && doc.HasMember("token")) a.session = doc["token"].GetString();
  return a;
}

TEST(Accounts, SignupLoginAndWhoamiInTheHubsShape) {
  Account a = signup_and_login();
  ASSERT_TRUE(a.session.starts_with("hf_")) << a.session;
  auto me = call("GET", "/api/whoami-v2", a.session);
  ASSERT_EQ(me.status, 200) << me.body;
  auto doc = parsed(me);
  EXPECT_EQ(std::string(doc["type"].GetString()), "user");
  EXPECT_EQ(std::string(doc["name"].GetString()), a.name);
  EXPECT_EQ(std::string(doc["email"].GetString()), a.name + "@example.com");
  EXPECT_TRUE(doc["orgs"].IsArray());
  EXPECT_EQ(std::string(doc["auth"]["type"].GetString()), "access_token");
  EXPECT_EQ(std::string(doc["auth"]["accessToken"]["role"].GetString()), "write");
  EXPECT_FALSE(me.body.find("password") != std::string::npos);
}

TEST(Accounts, NamesAreUniqueWhateverTheCase) {
  Account a = signup_and_login();
  std::string upper = a.name;
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto again = call(
      "POST", "/api/signup", {},
      R"({"username":")" + upper + R"(","email":"other-)" + a.name + R"(@example.com","password":"correct horse"})");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.headers.get("X-Error-Code"), "Conflict");
}

TEST(Accounts, WrongPasswordsAndUnknownAccountsLookAlike) {
  Account a = signup_and_login();
  auto wrong = call("POST", "/api/login", {}, R"({"username":")" + a.name + R"(","password":"wrong horse"})");
  auto unknown = call("POST", "/api/login", {}, R"({"username":"nobody-)" + a.name + R"(","password":"wrong horse"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(wrong.headers.get("X-Error-Code"), unknown.headers.get("X-Error-Code"));
}

TEST(Accounts, AnonymousAndBadTokensAreRefusedWithTheHubsHeaders) {
  auto anonymous = call("GET", "/api/whoami-v2");
  EXPECT_EQ(anonymous.status, 401);
  auto bad = call("GET", "/api/whoami-v2", "hf_" + std::string(34, 'x'));
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.headers.get("X-Error-Message"), "Invalid credentials in Authorization header");
  EXPECT_EQ(bad.headers.get("WWW-Authenticate"), "Basic realm=\"hub\"");
  auto garbage = call("GET", "/api/whoami-v2", "not a token at all");
  EXPECT_EQ(garbage.status, 401);
}

TEST(Tokens, CreatedShownOnceListedAndRevokedOnTheNextRequest) {
  Account a = signup_and_login();
  auto made = call("POST", "/api/settings/tokens", a.session, R"({"displayName":"ci","role":"read"})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto doc = parsed(made);
  const std::string secret = doc["token"].GetString();
  const std::string id = doc["id"].GetString();
  EXPECT_TRUE(secret.starts_with("hf_"));

  auto me = call("GET", "/api/whoami-v2", secret);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(std::string(parsed(me)["auth"]["accessToken"]["role"].GetString()), "read");
  EXPECT_EQ(std::string(parsed(me)["auth"]["accessToken"]["displayName"].GetString()), "ci");

  auto list = call("GET", "/api/settings/tokens", a.session);
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find(id), std::string::npos);
  EXPECT_EQ(list.body.find(secret), std::string::npos);  // the secret is never shown again

  // A read token cannot mint itself a stronger one.
  auto escalate = call("POST", "/api/settings/tokens", secret, R"({"displayName":"more","role":"write"})");
  EXPECT_EQ(escalate.status, 403) << escalate.body;

  auto revoked = call("DELETE", "/api/settings/tokens/" + id, a.session);
  EXPECT_EQ(revoked.status, 204) << revoked.body;
  auto after = call("GET", "/api/whoami-v2", secret);  // cached a moment ago: the revocation clears it
  EXPECT_EQ(after.status, 401) << after.body;
  auto again = call("DELETE", "/api/settings/tokens/" + id, a.session);
  EXPECT_EQ(again.status, 404);
}

TEST(Tokens, FineGrainedScopesAreValidated) {
  Account a = signup_and_login();
  auto ok = call(
      "POST", "/api/settings/tokens", a.session,
      R"({"displayName":"scoped","role":"fineGrained","scoped":[{"entity":{"type":"model","name":"acme/bert"},"permissions":["repo.content.read"]}]})");
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto me = call("GET", "/api/whoami-v2", parsed(ok)["token"].GetString());
  ASSERT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"fineGrained\":{"), std::string::npos) << me.body;
  for (
      const char* bad :
      {R"({"displayName":"x","role":"fineGrained"})", R"({"displayName":"x","role":"admin"})",
       R"({"displayName":"x","role":"read","scoped":[{"entity":{"type":"model","name":"a/b"},"permissions":["repo.write"]}]})",
       R"({"displayName":"x","role":"fineGrained","scoped":[{"entity":{"type":"model","name":"a/b"},"permissions":["root"]}]})",
       R"({"displayName":"x","role":"read","expiresAt":"yesterday"})",
       R"({"displayName":"x","role":"read","expiresAt":"2001-01-01T00:00:00Z"})",
       R"({"displayName":"","role":"read"})"}) {
    auto res = call("POST", "/api/settings/tokens", a.session, bad);
    EXPECT_EQ(res.status, 400) << bad << " -> " << res.body;
  }
  auto list = call("GET", "/api/settings/tokens", a.session);
  EXPECT_EQ(parsed(list).Size(), 1u) << list.body;  // nothing of the refused ones was stored
}

TEST(Tokens, ExpiredTokensAreRefused) {
  Account a = signup_and_login();
  auto far = call("POST", "/api/settings/tokens", a.session,
                  R"({"displayName":"later","role":"read","expiresAt":"2099-01-01T00:00:00Z"})");
  ASSERT_EQ(far.status, 201) << far.body;
  EXPECT_EQ(std::string(parsed(far)["expiresAt"].GetString()), "2099-01-01T00:00:00.000Z");

  const std::time_t soon = std::time(nullptr) + 2;
  std::tm tm{};
  gmtime_r(&soon, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  auto brief = call("POST", "/api/settings/tokens", a.session,
                    std::string(R"({"displayName":"brief","role":"read","expiresAt":")") + when + "\"}");
  ASSERT_EQ(brief.status, 201) << brief.body;
  const std::string secret = parsed(brief)["token"].GetString();
  EXPECT_EQ(call("GET", "/api/whoami-v2", secret).status, 200);
  // Past its expiry and past the gateway's cache lifetime (HUB_AUTH_CACHE_TTL, 2 s by default).
  std::this_thread::sleep_for(std::chrono::milliseconds(4500));
  EXPECT_EQ(call("GET", "/api/whoami-v2", secret).status, 401);
}

TEST(Tokens, GitBasicAuthTakesTheTokenAsPassword) {
  Account a = signup_and_login();
  http::Client client(test::stack_gateway());
  http::ClientRequest req;
  req.target = "/api/whoami-v2";
  // base64("git:" + token) by hand would hide the point; the header is built the way git builds it.
  const std::string pair = "git:" + a.session;
  static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string encoded;
  for (std::size_t i = 0; i < pair.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(pair[i]) << 16;
    if (i + 1 < pair.size()) v |= static_cast<unsigned char>(pair[i + 1]) << 8;
    if (i + 2 < pair.size()) v |= static_cast<unsigned char>(pair[i + 2]);
    encoded += kB64[(v >> 18) & 63];
    encoded += kB64[(v >> 12) & 63];
    encoded += i + 1 < pair.size() ? kB64[(v >> 6) & 63] : '=';
    encoded += i + 2 < pair.size() ? kB64[v & 63] : '=';
  }
  req.headers.set("Authorization", "Basic " + encoded);
  auto res = client.send(req);
  EXPECT_EQ(res.status, 200) << res.body;
  // An account password is not a credential for git.
  req.headers.set("Authorization", "Basic Z2l0OmNvcnJlY3QgaG9yc2U=");  // git:correct horse
  EXPECT_EQ(client.send(req).status, 401);
}

TEST(Tokens, LeakedCredentialsReportRevokesThem) {
  Account a = signup_and_login();
  auto made = call("POST", "/api/settings/tokens", a.session, R"({"displayName":"leaked","role":"write"})");
  const std::string secret = parsed(made)["token"].GetString();
  ASSERT_EQ(call("GET", "/api/whoami-v2", secret).status, 200);
  auto report = call("POST", "/api/credentials/revoke", {}, R"({"credentials":[")" + secret + R"(","hf_notreal"]})");
  EXPECT_EQ(report.status, 202) << report.body;
  EXPECT_EQ(call("GET", "/api/whoami-v2", secret).status, 401);
}

TEST(Accounts, LogoutEndsTheSession) {
  Account a = signup_and_login();
  ASSERT_EQ(call("GET", "/api/whoami-v2", a.session).status, 200);
  EXPECT_EQ(call("POST", "/api/logout", a.session).status, 204);
  EXPECT_EQ(call("GET", "/api/whoami-v2", a.session).status, 401);
}

TEST(Accounts, BadInputIsRefusedAndNothingStored) {
  const std::string name = unique_name();
  const std::string email = R"(","email":")" + name + R"(@example.com","password":"correct horse"})";
  struct Case {
    std::string body;
    std::string type;
    int status;
  } cases[] = {
      {R"({"username":")" + name, "application/json", 400},  // malformed
      {R"({"username":")" + name + email, "text/plain", 415},
      {R"({"username":"models)" + email, "application/json", 400},                        // reserved
      {R"({"username":"x'; DROP TABLE auth.users;--)" + email, "application/json", 400},  // SQL metacharacters
      {"{\"username\":\"\xd0\xb0lice" + email, "application/json", 400},                  // a Cyrillic confusable
      {R"({"username":")" + std::string(5000, 'a') + email, "application/json", 400},     // huge
      {R"({"username":")" + name + R"(","email":"no-at-sign","password":"correct horse"})", "application/json", 400},
      {R"({"username":")" + name + R"(","email":")" + name + R"(@example.com","password":"short"})", "application/json",
       400},
      {R"({"username":")" + name + R"(","email":")" + name + R"(@example.com","password":")" + std::string(2000, 'p') +
           R"("})",
       "application/json", 400},
      {R"({"username":42,"email":"a@b.c","password":"correct horse"})", "application/json", 400},
      {R"([1,2,3])", "application/json", 400},
  };
  for (const auto& c : cases) {
    auto res = call("POST", "/api/signup", {}, c.body, c.type);
    EXPECT_EQ(res.status, c.status) << c.body.substr(0, 80) << " -> " << res.body;
    EXPECT_FALSE(res.headers.get("X-Error-Message").empty());
  }
  auto login = call("POST", "/api/login", {}, R"({"username":")" + name + R"(","password":"correct horse"})");
  EXPECT_EQ(login.status, 401);  // none of the refused signups created the account
}

TEST(Accounts, FirstAdminTokenIsInAPrivateFile) {
  const std::string path = test::require_env("HUB_TEST_DATA_DIR") + "/admin-token";
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0) << path;
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in(path);
  std::string token;
  in >> token;
  auto me = call("GET", "/api/whoami-v2", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(std::string(parsed(me)["name"].GetString()), "admin");
}

}  // namespace
}  // namespace hub

// Bad input gets a clear 4xx and changes nothing: NUL in JSON strings, bytes that are not UTF-8 in
// a path or a credential, an empty commit, an oversized LFS question, and the access log stays
// valid UTF-8 JSON whatever the request target held.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "common/json/json.hpp"
#include "common/util/utf8.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/raw_connection.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

using test::via_gateway;

// The status line's code of a raw HTTP answer, or 0.
int status_of(const std::string& answer) {
  if (!answer.starts_with("HTTP/1.1 ") || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

std::string raw_request(const std::string& head) {
  test::RawConnection c(test::stack_gateway());
  c.send(head);
  return c.read_until("\r\n\r\n", std::chrono::seconds(5));
}

TEST(Input, NulInAJsonStringIsRefusedNotCutOff) {
  const test::Account victim = test::new_account("vic");
  auto login = via_gateway("POST", "/api/login", {},
                           R"({"username":")" + victim.name + R"(\u0000junk","password":"correct horse"})");
  EXPECT_EQ(login.status, 400) << login.body;
  EXPECT_NE(login.body.find("NUL"), std::string::npos) << login.body;

  const test::TestRepo own = test::new_repo(victim, false);
  auto del = via_gateway("DELETE", "/api/repos/delete", victim.session,
                         R"({"name":")" + own.name + R"(\u0000","organization":")" + own.ns + R"(","type":"model"})");
  EXPECT_EQ(del.status, 400) << del.body;
  EXPECT_EQ(via_gateway("GET", own.api(), victim.session).status, 200) << "the repo is still there";
}

// Failed logins count against the account as stored, whichever spelling named it. From an address
// of its own (a gateway that trusts loopback's X-Forwarded-For), so the stack's 127.0.0.1 keeps its
// budget for the other tests' logins.
TEST(Input, LoginLimitCountsTheAccountWhateverItsSpelling) {
  test::ExtraGateway g(test::require_env("HUB_TEST_REDIS_URL"), {{"HUB_TRUSTED_PROXIES", "127.0.0.0/8"}});
  const test::Account a = test::new_account("lim");
  std::string upper = a.name;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string spellings[] = {a.name, upper, a.name + "@example.com"};
  int refused = 0;
  for (int i = 0; i < 12; ++i) {
    http::Client c(g.address());
    http::ClientRequest req;
    req.method = "POST";
    req.target = "/api/login";
    req.body = R"({"username":")" + spellings[i % 3] + R"(","password":"wrong"})";
    req.headers.set("Content-Type", "application/json");
    // Each try from another address (as data: no traffic goes there), so only the account's count
    // can stop them.
    req.headers.set("X-Forwarded-For", "198.51.100." + std::to_string(i + 1 + util::random_id()[0] % 100));
    if (c.send(req).status == 429) ++refused;
  }
  EXPECT_GE(refused, 1) << "ten failures across three spellings are one account's ten";
}

TEST(Input, BadBytesInAPathAre400NotAnOutage) {
  const test::Account a = test::new_account("bb");
  for (const char* target : {"/api/models/%00/x", "/api/models/a%00b/x", "/api/models/%ff/x", "/api/models/x/%c0%af",
                             "/api/models/ok/%ed%a0%80", "/%ff/x/resolve/main/a", "/api/organizations/%ff/members"}) {
    for (const std::string& token : {std::string(), a.session}) {
      auto r = via_gateway("GET", target, token);
      EXPECT_EQ(r.status, 400) << target << (token.empty() ? " anonymous" : " with a token") << ": " << r.body;
      EXPECT_FALSE(r.headers.get("X-Error-Message").empty()) << target;
    }
  }
  // Raw bytes that are not UTF-8, sent as they are.
  EXPECT_EQ(status_of(raw_request("GET /api/models/a\xff\xfe/x HTTP/1.1\r\nHost: h\r\n\r\n")), 400);
}

TEST(Input, BadBytesInACredentialAre401) {
  for (const std::string& value :
       {std::string("Bearer \xff\xfe"), std::string("Basic eDr/\xfe"), std::string("Bearer a\xc0\xaf")}) {
    const std::string answer =
        raw_request("GET /api/whoami-v2 HTTP/1.1\r\nHost: h\r\nAuthorization: " + value + "\r\n\r\n");
    EXPECT_EQ(status_of(answer), 401) << answer;
    EXPECT_NE(answer.find("X-Error-Message: Invalid credentials in Authorization header"), std::string::npos) << answer;
  }
  // A control character is no valid header at all: the request is malformed.
  EXPECT_EQ(status_of(raw_request("GET /api/whoami-v2 HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer hf_\x01x\r\n\r\n")),
            400);
}

TEST(Input, AnEmptyCommitIs400) {
  const test::Account a = test::new_account("ec");
  const test::TestRepo r = test::new_repo(a, false);
  const std::string head = test::repo_field(a.session, r, "sha");
  http::Client client(test::stack_gateway());
  http::ClientRequest req;
  req.method = "POST";
  req.target = r.api() + "/commit/main";
  req.headers.set("Authorization", "Bearer " + a.session);
  req.headers.set("Content-Type", "application/x-ndjson");
  req.headers.set("Content-Length", "0");
  auto res = client.send(req);
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_NE(res.headers.get("X-Error-Message").find("empty"), std::string::npos) << res.body;
  EXPECT_EQ(test::repo_field(a.session, r, "sha"), head);
}

TEST(Input, OversizedLfsQuestionsAre413AtOnce) {
  const test::Account a = test::new_account("lq");
  const test::TestRepo r = test::new_repo(a, false);
  for (const std::string op : {"batch", "verify"}) {
    const auto started = std::chrono::steady_clock::now();
    const std::string answer = raw_request(
        "POST /" + r.path() + ".git/info/lfs/objects/" + op + " HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " +
        a.session + "\r\nContent-Type: application/vnd.git-lfs+json\r\nContent-Length: 104857600\r\n\r\n{");
    EXPECT_EQ(status_of(answer), 413) << op << ": " << answer;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4)) << op << " waited for the body";
  }
}

TEST(Input, AccessLogLinesStayValidUtf8Json) {
  const std::string marker = "utf8probe" + util::random_id().substr(0, 8);
  raw_request("GET /api/models/" + marker + "/a\xff\xc0\xaf?q=\xfe HTTP/1.1\r\nHost: h\r\n\r\n");
  raw_request("GET /" + marker + "/\xe2\x82/resolve/main/x HTTP/1.1\r\nHost: h\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // access lines leave at the loop's next turn
  std::ifstream log(test::require_env("HUB_TEST_LOGS") + "/gateway.log");
  std::string line;
  int seen = 0;
  while (std::getline(log, line)) {
    if (line.find(marker) == std::string::npos) continue;
    ++seen;
    EXPECT_TRUE(util::valid_utf8(line)) << line;
    EXPECT_TRUE(json::parse_object(line)) << line;
  }
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace hub

#pragma once
// For the tests of repos' internal endpoints: a repo made through the gateway (its path and id), a
// file committed to it, and a call signed as another service would sign it.
#include <gtest/gtest.h>

#include <string>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub::test {

struct Made {
  std::string path, id;
};

inline Made make_repo(const Account& a) {
  const std::string name = "i" + util::random_id().substr(0, 10);
  auto res = via_gateway("POST", "/api/repos/create", a.session, R"({"name":")" + name + R"("})");
  EXPECT_EQ(res.status, 200) << res.body;
  return {a.name + "/" + name, json::parse_object(res.body).value()["id"].GetString()};
}

inline std::string put_file(const Account& a, const Made& r, const std::string& branch, const std::string& path,
                            const std::string& content) {
  auto res = via_gateway("POST", "/api/models/" + r.path + "/commit/" + branch, a.session,
                         R"({"key":"header","value":{"summary":"put )" + path +
                             R"("}})"
                             "\n"
                             R"({"key":"file","value":{"path":")" +
                             path + R"(","content":")" + util::base64_encode(content) + R"(","encoding":"base64"}})",
                         "application/x-ndjson");
  EXPECT_EQ(res.status, 200) << res.body;
  return json::parse_object(res.body).value()["commitOid"].GetString();
}

inline http::ClientResponse internal(const std::string& method, const std::string& target,
                                     const std::string& body = {}) {
  return as_service("REPOS", "pulls", method, target, body);
}

}  // namespace hub::test

#pragma once
// Requests to the stack `./hub test` started, as the end-to-end tests of accounts, orgs and
// decisions make them: through the gateway with an optional bearer token and JSON body, and the
// stack's internal secret for tests that call a service directly as another service would.
#include <fstream>
#include <string>

#include "common/http/client.hpp"
#include "tests/support/test_env.hpp"

namespace hub::test {

inline http::ClientResponse via_gateway(const std::string& method, const std::string& target,
                                        const std::string& token = {}, const std::string& body = {},
                                        const std::string& content_type = "application/json") {
  http::Client client(stack_gateway());
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

inline std::string stack_secret() {
  std::ifstream in(require_env("HUB_TEST_SECRET_FILE"));
  std::string s;
  std::getline(in, s);
  return s;
}

}  // namespace hub::test

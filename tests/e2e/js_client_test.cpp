// The official Hugging Face JS client (@huggingface/hub from npm, installed by ./hub test) runs the
// scenario in js/scenario.mjs against the gateway: every call the issue names, asserted on content.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "common/util/random.hpp"
#include "tests/support/process.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

TEST(JsClient, OfficialClientScenario) {
  const char* modules = std::getenv("HUB_TEST_JS_DIR");
  ASSERT_NE(modules, nullptr) << "./hub test installs the JS client and sets HUB_TEST_JS_DIR";
  auto a = test::new_account("js");
  const std::string org = "jsorg" + util::random_id().substr(0, 8);
  auto made =
      test::via_gateway("POST", "/api/organizations", a.session, R"({"name":")" + org + R"(","fullname":"JS"})");
  ASSERT_EQ(made.status, 201) << made.body;
  auto [token, id] = test::new_token(a, R"({"displayName":"js","role":"write"})");
  test::TempDir cache;
  const auto gw = test::stack_gateway();
  // ES modules resolve packages from the script's own folder: the scenario runs beside node_modules.
  const std::string command = "cd '" + std::string(modules) +
                              "' && cp '" HUB_SOURCE_DIR "/tests/e2e/js/scenario.mjs' . && HUB_URL='http://" + gw.host +
                              ":" + std::to_string(gw.port) + "' HUB_TOKEN='" + token + "' HUB_USER='" + a.name +
                              "' HUB_ORG='" + org + "' HUB_CACHE='" + cache.path() + "' node scenario.mjs 2>&1";
  std::string output;
  FILE* p = ::popen(command.c_str(), "r");
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p))
    output.append(buf.data(), n);
  const int status = ::pclose(p);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("js client scenario: ok"), std::string::npos) << output;
}

}  // namespace
}  // namespace hub

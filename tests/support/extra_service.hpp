#pragma once
// A second process of one of the stack's services (`./hub test` started the first) on the stack's
// database, Redis and secret, listening on a free port with its data and log in a folder of its own:
// for tests of what two processes share, or of one whose settings differ.
#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/gateway_fixture.hpp"
#include "tests/support/process.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub::test {

class ExtraService {
 public:
  // `program` as test::program() names it (hub-auth, hub-repos, ...); `overrides` change or add settings.
  explicit ExtraService(const std::string& program_name, const Env& overrides = {})
      : process_(program(program_name), {}, settings(overrides), dir_.path() + "/" + program_name + ".log"),
        port_(process_.wait_for_listen()) {}
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& data_dir() const { return dir_.path(); }
  Process& process() { return process_; }  // to signal it (a drain) and wait for its exit

 private:
  Env settings(const Env& overrides) const {
    Env env = {{"HUB_PG_URL", hub_db_url()},
               {"HUB_REDIS_URL", require_env("HUB_TEST_REDIS_URL")},
               {"HUB_INTERNAL_SECRET", stack_secret()},
               {"HUB_LISTEN", "127.0.0.1:0"},
               {"HUB_DATA_DIR", dir_.path()},
               {"HUB_DRAIN_DELAY", "0ms"}};
    for (const auto& [k, v] : overrides)
      env[k] = v;
    return env;
  }

  TempDir dir_;  // first: the process's settings name it
  Process process_;
  std::uint16_t port_;
};

}  // namespace hub::test

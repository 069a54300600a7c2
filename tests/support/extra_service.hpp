#pragma once
// A second process of one of the stack's services (`./hub test` started the first) on the stack's
// database, Redis and secret, listening on a free port with its data and log in a folder of its own:
// for tests of what two processes share, or of one whose settings differ.
#include <signal.h>

#include <cstdint>
#include <memory>
#include <optional>
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
      : program_(program_name), env_(settings(overrides)) {
    start();
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& data_dir() const { return dir_.path(); }
  Process& process() { return *process_; }  // to signal it (a drain) and wait for its exit

  // One step of a rolling restart: stop() sends `sig` and waits for the exit (its status, or nullopt
  // if it did not end in time); start() runs the program again with the same settings on the same
  // port, its log in a file of its own.
  std::optional<int> stop(int sig = SIGTERM, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    process_->signal(sig);
    return process_->wait(timeout);
  }
  void start() {
    const std::string log = dir_.path() + "/" + program_ + "-" + std::to_string(++starts_) + ".log";
    process_ = std::make_unique<Process>(program(program_), std::vector<std::string>{}, env_, log);
    port_ = process_->wait_for_listen();
    env_["HUB_LISTEN"] = address();  // from now on the same port: the gateway's address for it
  }

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
  std::string program_;
  Env env_;
  int starts_ = 0;
  std::unique_ptr<Process> process_;
  std::uint16_t port_ = 0;
};

}  // namespace hub::test

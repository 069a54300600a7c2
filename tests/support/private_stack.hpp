#pragma once
// A stack of its own for fault tests of the event flow: auth, repos, discussions and notifications
// with a gateway in front, on a database (a copy of the migrated template) and a Redis of their own,
// so a test may stop that Redis or kill that notifications process without disturbing the stack
// every other test shares. Every process listens on loopback and is stopped by its pid.
#include <signal.h>

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/extra_gateway.hpp"
#include "tests/support/process.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/servers.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub::test {

class PrivateStack {
 public:
  // How the services reach the stack's database: given its URL, settings of every service (a test
  // puts a pooler in between); by default HUB_PG_URL is the database's own URL.
  using Database = std::function<Env(const std::string& db_url)>;

  // `notifications_env` adds settings of the notifications process (the fan-out's, say).
  explicit PrivateStack(Env notifications_env = {}, const Database& database = {})
      : notifications_env_(std::move(notifications_env)) {
    if (database) database_env_ = database(db_.url());
    auth_ = start("auth", {});
    repos_ = start("repos", {{"HUB_AUTH_URL", address(*auth_)}, {"HUB_PULLS_URL", require_env("HUB_TEST_PULLS")}});
    discussions_ =
        start("discussions", {{"HUB_REPOS_URL", address(*repos_)}, {"HUB_PULLS_URL", require_env("HUB_TEST_PULLS")}});
    notifications_port_ = free_port();
    start_notifications();
    gateway_ = std::make_unique<ExtraGateway>(redis_.url(), Env{{"HUB_AUTH_URL", address(*auth_)},
                                                                {"HUB_REPOS_URL", address(*repos_)},
                                                                {"HUB_DISCUSSIONS_URL", address(*discussions_)},
                                                                {"HUB_NOTIFICATIONS_URL", notifications_address()}});
  }

  RedisServer& redis() { return redis_; }
  const std::string& db_url() const { return db_.url(); }
  config::HostPort gateway() const { return gateway_->address(); }

  // SIGKILL: no draining, no goodbye; what it had claimed or read stays claimed or pending.
  void kill_notifications() {
    notifications_->process->signal(SIGKILL);
    notifications_->process->wait(std::chrono::seconds(10));
  }
  // A new process on the same port (the gateway's address for the service).
  void start_notifications() {
    Env env = notifications_env_;
    env["HUB_AUTH_URL"] = address(*auth_);
    env["HUB_LISTEN"] = "127.0.0.1:" + std::to_string(notifications_port_);
    notifications_ = start("notifications", env);
  }

  http::ClientResponse call(const std::string& method, const std::string& target, const std::string& token = {},
                            const std::string& body = {}) const {
    return via(gateway(), method, target, token, body);
  }

  // Signed up and logged in through this stack's gateway.
  Account new_account(const std::string& prefix) const { return new_account_at(gateway(), prefix); }

  TestRepo new_repo(const Account& a) const {
    TestRepo r{a.name, "m" + util::random_id().substr(0, 10)};
    auto res = call("POST", "/api/repos/create", a.session, R"({"name":")" + r.name + R"(","type":"model"})");
    if (res.status != 200) throw std::runtime_error("repo creation failed: " + res.body);
    return r;
  }

 private:
  struct Service {
    std::unique_ptr<Process> process;
    std::uint16_t port = 0;
  };

  static std::string address(const Service& s) { return "127.0.0.1:" + std::to_string(s.port); }
  std::string notifications_address() const { return "127.0.0.1:" + std::to_string(notifications_port_); }

  std::unique_ptr<Service> start(const std::string& name, const Env& extra) {
    Env env = {{"HUB_PG_URL", db_.url()},
               {"HUB_REDIS_URL", redis_.url()},
               {"HUB_INTERNAL_SECRET", stack_secret()},
               {"HUB_LISTEN", "127.0.0.1:0"},
               {"HUB_DATA_DIR", dir_.path() + "/" + name},
               {"HUB_DRAIN_DELAY", "0ms"},
               {"HUB_READY_INTERVAL", "250ms"},
               {"HUB_THREADS", "2"}};
    for (const auto& [k, v] : database_env_)
      env[k] = v;
    for (const auto& [k, v] : extra)
      env[k] = v;
    auto s = std::make_unique<Service>();
    const std::string log = dir_.path() + "/" + name + "-" + std::to_string(++started_) + ".log";
    s->process = std::make_unique<Process>(program("hub-" + name), std::vector<std::string>{}, env, log);
    s->port = s->process->wait_for_listen();
    return s;
  }

  TestDatabase db_;
  RedisServer redis_;
  TempDir dir_;
  Env notifications_env_;
  Env database_env_;
  int started_ = 0;
  std::unique_ptr<Service> auth_, repos_, discussions_, notifications_;
  std::uint16_t notifications_port_ = 0;
  std::unique_ptr<ExtraGateway> gateway_;
};

}  // namespace hub::test

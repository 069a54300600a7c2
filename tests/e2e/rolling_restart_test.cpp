// Rolling restarts under load lose no request. Two instances of the discussions service behind one
// gateway, then two gateways behind nginx: wrk sends GETs of a repo's thread list (PostgreSQL
// behind it) and every fifth request a POST of a comment (a write, which no proxy may send twice),
// while each process in turn is stopped with SIGTERM, waited for, started again on its port and
// waited for until it serves again. Every answer must be a 2xx, with no socket error.
//
// What makes it hold: a stopping process turns not-ready at once and serves on for
// HUB_DRAIN_DELAY, answering with `Connection: close`, so a client that never looks at readiness
// (nginx) stops reusing its connections before the listener closes; the gateway's health checker
// (every 200 ms here) stops picking a not-ready address well within that delay; a refused
// connection goes to the next address (the gateway retries idempotent requests; nginx retries any
// request that was not sent).
#include <gtest/gtest.h>

#include <iostream>

#include "tests/support/extra_gateway.hpp"
#include "tests/support/extra_service.hpp"
#include "tests/support/inbox_calls.hpp"
#include "tests/support/nginx_proxy.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/wrk_load.hpp"

namespace hub {
namespace {

using namespace std::chrono_literals;

const char* const kDrainDelay = "1s";  // five rounds of the gateway's health checks
constexpr int kConnections = 4;

// ada's repo with one thread: the load lists the repo's threads and answers the thread.
struct Scene {
  test::Account ada = test::new_account("roll");
  test::TestRepo repo = test::new_repo(ada, false);
  std::int64_t num = test::open_discussion(ada.session, repo, "Still up?");

  std::string list() const { return repo.api() + "/discussions"; }
  test::WrkPosts comments() const {
    return {5, repo.api() + "/discussions/" + std::to_string(num) + "/comment", R"({"comment":"still up"})"};
  }
};

// Access lines in `log` of requests to `path`: how much a process has served of the load.
std::size_t served(const std::string& log, const std::string& path) {
  const std::string needle = "\"path\":\"" + path + "\"";
  std::size_t n = 0;
  for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1))
    ++n;
  return n;
}

// Restarted, a process counts as back once it has served a share of the load again: the front
// (the gateway's health checker, or nginx) sends it traffic, so stopping the other one next is safe.
template <class Instance>
void restart_under_load(Instance& instance, const std::string& name, const std::string& path) {
  const auto stopping = std::chrono::steady_clock::now();
  EXPECT_EQ(instance.stop(SIGTERM), 0) << name << " did not drain and exit cleanly:\n" << instance.process().log();
  const auto stopped = std::chrono::steady_clock::now();
  instance.start();
  EXPECT_TRUE(test::eventually([&] { return served(instance.process().log(), path) >= 20; }, 30s))
      << name << " took no traffic after its restart:\n"
      << instance.process().log();
  std::cout << "[ figures  ] " << name << ": stopped in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(stopped - stopping).count()
            << " ms, serving again "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - stopped).count()
            << " ms later\n";
}

void expect_nothing_failed(const test::WrkTally& load) {
  std::cout << "[ figures  ] " << load.requests << " requests, statuses:";
  for (const auto& [status, count] : load.statuses)
    std::cout << " " << status << "x" << count;
  std::cout << "\n";
  EXPECT_GT(load.requests, 500) << load.output;
  EXPECT_EQ(load.failed(), 0) << load.output;
  long long ok = 0;
  for (const auto& [status, count] : load.statuses)
    ok += status >= 200 && status < 300 ? count : 0;
  EXPECT_EQ(ok, load.requests) << load.output;
}

// How many comments the thread has (the POSTs that got through, and the first post).
std::size_t comments_of(const Scene& s) {
  auto doc = json::parse_object(
      test::via_gateway("GET", s.repo.api() + "/discussions/" + std::to_string(s.num), s.ada.session).body);
  if (!doc || !doc.value().HasMember("events")) return 0;
  return doc.value()["events"].Size();
}

TEST(RollingRestart, TwoDiscussionsInstancesBehindTheGatewayLoseNoRequest) {
  const Scene s;
  ASSERT_GT(s.num, 0);
  const test::Env instance_env{{"HUB_REPOS_URL", test::require_env("HUB_TEST_REPOS")},
                               {"HUB_PULLS_URL", test::require_env("HUB_TEST_PULLS")},
                               {"HUB_DRAIN_DELAY", kDrainDelay},
                               {"HUB_READY_INTERVAL", "250ms"},
                               {"HUB_THREADS", "2"}};
  test::ExtraService first("hub-discussions", instance_env);
  test::ExtraService second("hub-discussions", instance_env);
  test::ExtraGateway gateway(test::redis_url(), {{"HUB_DISCUSSIONS_URL", first.address() + "," + second.address()}});
  const std::size_t before = comments_of(s);

  test::WrkLoad load(gateway.address(), s.list(), s.ada.session, kConnections, s.comments());
  std::this_thread::sleep_for(2s);
  restart_under_load(first, "discussions 1", s.list());
  restart_under_load(second, "discussions 2", s.list());
  std::this_thread::sleep_for(1s);
  const auto tally = load.finish();
  expect_nothing_failed(tally);
  EXPECT_GT(comments_of(s), before) << "the POSTs got through";
}

TEST(RollingRestart, TwoGatewaysBehindNginxLoseNoRequest) {
  const Scene s;
  ASSERT_GT(s.num, 0);
  const test::Env gateway_env{{"HUB_DRAIN_DELAY", kDrainDelay}, {"HUB_THREADS", "2"}};
  test::ExtraGateway first(test::redis_url(), gateway_env);
  test::ExtraGateway second(test::redis_url(), gateway_env);
  test::NginxProxy nginx({first.address(), second.address()});
  const std::size_t before = comments_of(s);

  test::WrkLoad load(nginx.address(), s.list(), s.ada.session, kConnections, s.comments());
  std::this_thread::sleep_for(2s);
  restart_under_load(first, "gateway 1", s.list());
  restart_under_load(second, "gateway 2", s.list());
  std::this_thread::sleep_for(1s);
  const auto tally = load.finish();
  expect_nothing_failed(tally);
  EXPECT_GT(comments_of(s), before) << "the POSTs got through";
}

}  // namespace
}  // namespace hub

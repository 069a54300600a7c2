// Rolling restarts under load lose no request. Two instances of the discussions service behind one
// gateway, then two gateways behind nginx: wrk sends GETs of a repo's thread list (PostgreSQL
// behind it) and every third request a POST of a comment (a write, which no proxy may send twice),
// while each process in turn is stopped with SIGTERM, waited for, started again on its port and
// waited for until it serves again. Every answer must be a 2xx, with no socket error.
//
// What makes it hold. Behind the gateway: a stopping instance turns not-ready at once and serves on
// for HUB_DRAIN_DELAY (1 s, five rounds of the gateway's health checks here), so the gateway stops
// picking it before it stops accepting, and its in-flight requests finish; a refused or stale
// connection is retried on the other address for idempotent requests. With no drain delay, POSTs on
// pooled connections fail (502), and so do requests in flight when an instance is SIGKILLed.
// Behind nginx, which never reads readiness: from the signal on, every answer of the stopping
// gateway closes its connection, so nginx has stopped reusing them by the time the listener closes
// (with none left to close under it: a POST on one would be lost, as nginx never resends a POST);
// the listener closes only after the connections the kernel had completed are accepted, and one
// that sent no request yet gets a moment to send it; a new connection is then refused, which nginx
// retries on the other gateway. Before these, one run in three or so lost a POST.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

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
    return {3, repo.api() + "/discussions/" + std::to_string(num) + "/comment", R"({"comment":"still up"})"};
  }
};

// The last lines of a process's log, for a failure message.
std::string tail_of(const std::string& log, int lines = 15) {
  auto at = log.size();
  while (lines-- > 0 && at != std::string::npos && at > 0)
    at = log.rfind('\n', at - 1);
  return at == std::string::npos ? log : log.substr(at + 1);
}

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
  EXPECT_EQ(instance.stop(SIGTERM), 0) << name << " did not drain and exit cleanly:\n"
                                       << tail_of(instance.process().log());
  const auto stopped = std::chrono::steady_clock::now();
  instance.start();
  EXPECT_TRUE(test::eventually([&] { return served(instance.process().log(), path) >= 20; }, 30s))
      << name << " took no traffic after its restart:\n"
      << tail_of(instance.process().log());
  std::cout << "[ figures  ] " << name << ": stopped in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(stopped - stopping).count()
            << " ms, serving again "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - stopped).count()
            << " ms later\n";
}

// `front_log`: what the front (nginx) logged, to show with a failure.
void expect_nothing_failed(const test::WrkTally& load, const std::string& front_log = {}) {
  std::cout << "[ figures  ] " << load.requests << " requests, statuses:";
  for (const auto& [status, count] : load.statuses)
    std::cout << " " << status << "x" << count;
  std::cout << "\n";
  EXPECT_GT(load.requests, 500) << load.output;
  EXPECT_EQ(load.failed(), 0) << load.output << tail_of(front_log, 30);
  long long ok = 0;
  for (const auto& [status, count] : load.statuses)
    ok += status >= 200 && status < 300 ? count : 0;
  EXPECT_EQ(ok, load.requests) << load.output;
}

// nginx's error log less its refused connections (each retried on the other gateway, and there are
// many while one is down): what is left says why a request failed.
std::string unexpected_errors(const std::string& log) {
  std::string out;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("(111: Connection refused)") == std::string::npos) out += line + "\n";
  }
  return out;
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
  expect_nothing_failed(tally, unexpected_errors(nginx.error_log()));
  EXPECT_GT(comments_of(s), before) << "the POSTs got through";
}

}  // namespace
}  // namespace hub

// Two-phase shutdown with real processes and real signals: in-flight requests finish, new ones are
// refused, and the process exits cleanly.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "tests/support/gateway_fixture.hpp"
#include "tests/support/raw_connection.hpp"

namespace hub {
namespace {

TEST(Shutdown, ServerFinishesInFlightRequestOnSigterm) {
  test::TempDir dir;
  test::Process upstream(test::program("hub-test-upstream"), {}, {{"HUB_LISTEN", "127.0.0.1:0"}},
                         dir.path() + "/upstream.log");
  config::HostPort address{"127.0.0.1", upstream.wait_for_listen()};
  auto in_flight = std::async(std::launch::async, [&] {
    http::Client c(address);
    return c.get("/slow?op=sleep&ms=1500");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  upstream.signal(SIGTERM);
  auto res = in_flight.get();
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "{\"slept\":1500}");
  EXPECT_EQ(upstream.wait(std::chrono::seconds(10)), 0) << upstream.log();
  http::Client late(address);
  EXPECT_THROW(late.get("/x"), http::ClientError) << "nothing listens after shutdown";
}

TEST(Shutdown, GatewayFinishesProxiedRequestOnSigterm) {
  test::GatewayWithUpstream stack(test::Env{{"HUB_DRAIN_DELAY", "500ms"}});
  auto in_flight = std::async(std::launch::async, [&] {
    http::Client c(stack.gateway());
    return c.get("/api/models/acme/bert?op=sleep&ms=2000");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  stack.gateway_process().signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  {
    http::Client c(stack.gateway());
    auto ready = c.get("/readyz");
    EXPECT_EQ(ready.status, 503) << "draining: not ready, still answering";
  }
  auto res = in_flight.get();
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "{\"slept\":2000}");
  EXPECT_EQ(stack.gateway_process().wait(std::chrono::seconds(10)), 0) << stack.gateway_process().log();
}

// During the drain delay the server still answers, but each answer closes its connection: a load
// balancer that does not read /readyz (nginx) stops reusing connections to it before its listener
// closes, instead of sending a request on one as it is closed (a POST it would not send again).
TEST(Shutdown, AnswersDuringTheDrainCloseTheirConnections) {
  test::TempDir dir;
  test::Process upstream(test::program("hub-test-upstream"), {},
                         {{"HUB_LISTEN", "127.0.0.1:0"}, {"HUB_DRAIN_DELAY", "2s"}}, dir.path() + "/upstream.log");
  config::HostPort address{"127.0.0.1", upstream.wait_for_listen()};
  test::RawConnection before(address);
  before.send("GET /x?op=echo HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(before.read_until("\r\n\r\n").find("Connection: close"), std::string::npos) << "kept alive";
  upstream.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  before.send("GET /x?op=echo HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string draining = before.read_until("\r\n\r\n");
  EXPECT_NE(draining.find("200 OK"), std::string::npos) << draining;
  EXPECT_NE(draining.find("Connection: close"), std::string::npos) << draining;
  EXPECT_EQ(upstream.wait(std::chrono::seconds(10)), 0) << upstream.log();
}

// A connection made before the listener closed, whose request comes only after: a proxy connected
// to send it, so it is answered rather than reset (phase one gives such a connection a moment).
TEST(Shutdown, AConnectionMadeBeforeTheListenerClosedIsAnswered) {
  test::TempDir dir;
  test::Process upstream(test::program("hub-test-upstream"), {},
                         {{"HUB_LISTEN", "127.0.0.1:0"}, {"HUB_DRAIN_DELAY", "0ms"}}, dir.path() + "/upstream.log");
  config::HostPort address{"127.0.0.1", upstream.wait_for_listen()};
  test::RawConnection early(address);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // accepted, waiting for its request
  upstream.signal(SIGTERM);
  const auto refused = [&] {
    try {
      test::RawConnection late(address);
      return false;
    } catch (const std::runtime_error&) {
      return true;
    }
  };
  for (int i = 0; i < 100 && !refused(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(refused()) << "the listener closed";
  early.send("GET /x?op=echo HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string answer = early.read_until("\r\n\r\n");
  EXPECT_NE(answer.find("200 OK"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  EXPECT_EQ(upstream.wait(std::chrono::seconds(10)), 0) << upstream.log();
}

TEST(Shutdown, IdleKeepAliveConnectionsDoNotDelayExit) {
  test::TempDir dir;
  test::Process upstream(test::program("hub-test-upstream"), {}, {{"HUB_LISTEN", "127.0.0.1:0"}},
                         dir.path() + "/upstream.log");
  config::HostPort address{"127.0.0.1", upstream.wait_for_listen()};
  http::Client c(address);
  ASSERT_EQ(c.get("/x?op=echo").status, 200);  // leaves an idle keep-alive connection open
  auto start = std::chrono::steady_clock::now();
  upstream.signal(SIGTERM);
  EXPECT_EQ(upstream.wait(std::chrono::seconds(10)), 0);
  // Generous bound: the point is that the 60 s idle timeout was not waited out.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

TEST(Shutdown, ForcedAfterDeadline) {
  test::TempDir dir;
  test::Process upstream(test::program("hub-test-upstream"), {},
                         {{"HUB_LISTEN", "127.0.0.1:0"}, {"HUB_SHUTDOWN_TIMEOUT", "500ms"}},
                         dir.path() + "/upstream.log");
  config::HostPort address{"127.0.0.1", upstream.wait_for_listen()};
  auto stuck = std::async(std::launch::async, [&]() -> int {
    try {
      http::ClientOptions o;
      o.timeout = std::chrono::seconds(20);
      http::Client c(address, o);
      return c.get("/x?op=sleep&ms=4000").status;
    } catch (const http::ClientError&) {
      return -1;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  upstream.signal(SIGTERM);
  EXPECT_EQ(stuck.get(), -1) << "the connection is cut at the deadline";
  // The sleeping handler still holds a worker thread, which the process waits for before exiting.
  EXPECT_EQ(upstream.wait(std::chrono::seconds(10)), 0) << upstream.log();
}

TEST(Shutdown, AHandlerReadingAStalledUploadEndsWhenItsConnectionIsCut) {
  // A handler on the worker pool waits for body bytes that never come (their read deadline is five
  // minutes on a transfer route). Phase two of the shutdown closes the connection, the read ends,
  // and the worker, then the process, finish: nothing waits out the deadline, and nothing polls.
  test::TempDir dir;
  test::Process upstream(test::program("hub-test-upstream"), {},
                         {{"HUB_LISTEN", "127.0.0.1:0"}, {"HUB_SHUTDOWN_TIMEOUT", "500ms"}},
                         dir.path() + "/upstream.log");
  config::HostPort address{"127.0.0.1", upstream.wait_for_listen()};
  test::RawConnection stalled(address);
  stalled.send("POST /upload?op=sink HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + std::string(1000, 'a'));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the handler is reading
  const auto start = std::chrono::steady_clock::now();
  upstream.signal(SIGTERM);
  EXPECT_EQ(upstream.wait(std::chrono::seconds(20)), 0) << upstream.log();
  // Generous bound: the point is that the five-minute read deadline was not waited out.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace hub

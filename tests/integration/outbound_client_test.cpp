// The outbound client (webhook deliveries) against servers this test starts on 127.0.0.1: answers
// kept to their first KiB, redirects returned, hanging receivers cut at the deadline without holding
// back anyone else, loopback refused before any connection unless private targets are allowed, and
// https verified against a certificate made here. No traffic leaves loopback: the refusal of other
// ranges is unit-tested on addresses as data (common/net/address_test.cpp).
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/http/outbound.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/loopback_listener.hpp"
#include "tests/support/process.hpp"
#include "tests/support/servers.hpp"

namespace hub {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A server on 127.0.0.1 that counts the connections it accepts and either answers each with a fixed
// response (after reading the request, which it keeps) or holds it open without a byte in return.
class LoopbackServer {
 public:
  enum class Mode { kAnswer, kHang };

  explicit LoopbackServer(Mode mode, std::string response = {}) : mode_(mode), response_(std::move(response)) {
    listener_ = test::listen_on_loopback(port_, 256);
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~LoopbackServer() {
    stop_ = true;
    thread_.join();
    for (int fd : held_)
      ::close(fd);
    ::close(listener_);
  }

  std::uint16_t port() const { return port_; }
  std::string url(std::string_view path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int connections() const { return connections_.load(); }
  std::vector<std::string> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      if (mode_ == Mode::kHang) {
        held_.push_back(fd);
        continue;
      }
      std::string request = read_request(fd);
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(std::move(request));
      }
      std::size_t sent = 0;
      while (sent < response_.size()) {
        const ssize_t n = ::send(fd, response_.data() + sent, response_.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      ::close(fd);
    }
  }

  // The header and as much body as Content-Length says, waiting at most two seconds in all.
  static std::string read_request(int fd) {
    std::string in;
    const auto until = Clock::now() + 2s;
    while (Clock::now() < until) {
      const auto end = in.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::size_t length = 0;
        const auto at = in.find("Content-Length: ");
        if (at != std::string::npos && at < end) length = std::stoul(in.substr(at + 16));
        if (in.size() >= end + 4 + length) break;
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
    }
    return in;
  }

  Mode mode_;
  std::string response_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::vector<int> held_;  // accept thread only, then the destructor
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

std::string answer(int status, std::string_view reason, const std::string& body, std::string_view extra = {}) {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\nContent-Type: text/plain\r\n" +
         std::string(extra) + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

http::OutboundClient private_allowed() {
  http::OutboundOptions o;
  o.allow_private = true;
  return http::OutboundClient(o);
}

http::OutboundRequest post(std::string url, std::chrono::milliseconds deadline = 5s) {
  http::OutboundRequest r;
  r.url = std::move(url);
  r.body = R"({"event":{"action":"create","scope":"discussion"}})";
  r.headers.set("Content-Type", "application/json");
  r.deadline = deadline;
  return r;
}

TEST(OutboundClient, KeepsTheFirstKibOfTheAnswerAndSendsTheRequestAsBuilt) {
  std::string body;
  for (int i = 0; body.size() < 5000; ++i)
    body += "line " + std::to_string(i) + "\n";
  LoopbackServer server(LoopbackServer::Mode::kAnswer, answer(200, "OK", body, "X-Receiver: yes\r\n"));
  http::OutboundOptions options;
  options.allow_private = true;
  http::OutboundClient client(options);

  auto request = post(server.url("/hooks/ci?x=1"));
  request.headers.set("webhook-id", "msg_1");
  request.headers.set("Host", "evil.example");  // the client names the host it connects to
  request.headers.set("Content-Length", "1");
  const auto result = client.send_and_wait(request);
  EXPECT_EQ(result.status, 200) << result.error;
  EXPECT_EQ(result.error, "");
  EXPECT_FALSE(result.refused);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.address, "127.0.0.1");
  EXPECT_EQ(result.body_head, body.substr(0, 1024));
  EXPECT_EQ(result.headers.get("X-Receiver"), "yes");
  EXPECT_LT(result.duration, 5s);

  ASSERT_EQ(server.requests().size(), 1u);
  const std::string seen = server.requests()[0];
  EXPECT_TRUE(seen.starts_with("POST /hooks/ci?x=1 HTTP/1.1\r\n")) << seen;
  EXPECT_NE(seen.find("Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"), std::string::npos) << seen;
  EXPECT_EQ(seen.find("evil.example"), std::string::npos) << seen;
  EXPECT_NE(seen.find("User-Agent: hub-webhooks/1\r\n"), std::string::npos) << seen;
  EXPECT_NE(seen.find("webhook-id: msg_1\r\n"), std::string::npos) << seen;
  EXPECT_NE(seen.find("Content-Length: " + std::to_string(request.body.size()) + "\r\n"), std::string::npos) << seen;
  EXPECT_TRUE(seen.ends_with("\r\n\r\n" + request.body)) << seen;

  request.keep_response_bytes = 10;
  EXPECT_EQ(client.send_and_wait(request).body_head, body.substr(0, 10));
}

TEST(OutboundClient, ABodyCutShortLeavesTheAnswer) {
  // The receiver promises 5,000 bytes, sends 100 and closes: the answer is what it said.
  LoopbackServer server(LoopbackServer::Mode::kAnswer,
                        "HTTP/1.1 202 Accepted\r\nContent-Length: 5000\r\n\r\n" + std::string(100, 'b'));
  auto client = private_allowed();
  const auto result = client.send_and_wait(post(server.url()));
  EXPECT_EQ(result.status, 202);
  EXPECT_EQ(result.error, "");
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.body_head, std::string(100, 'b'));
}

TEST(OutboundClient, ARedirectIsTheAnswerNotFollowed) {
  LoopbackServer elsewhere(LoopbackServer::Mode::kAnswer, answer(200, "OK", "moved here"));
  LoopbackServer server(LoopbackServer::Mode::kAnswer,
                        answer(302, "Found", "", "Location: " + elsewhere.url("/other") + "\r\n"));
  auto client = private_allowed();
  const auto result = client.send_and_wait(post(server.url()));
  EXPECT_EQ(result.status, 302) << result.error;
  EXPECT_EQ(result.headers.get("Location"), elsewhere.url("/other"));
  EXPECT_EQ(result.body_head, "");
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(elsewhere.connections(), 0);
}

TEST(OutboundClient, AHangingReceiverIsCutAtTheDeadline) {
  LoopbackServer hanging(LoopbackServer::Mode::kHang);
  auto client = private_allowed();
  const auto result = client.send_and_wait(post(hanging.url(), 300ms));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.error.find("deadline"), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("waiting for the response"), std::string::npos) << result.error;
  EXPECT_GE(result.duration, 300ms);
  EXPECT_LT(result.duration, 3s);
  EXPECT_EQ(hanging.connections(), 1);
}

TEST(OutboundClient, HangingReceiversDelayNobodyElse) {
  LoopbackServer hanging(LoopbackServer::Mode::kHang);
  LoopbackServer fast(LoopbackServer::Mode::kAnswer, answer(204, "No Content", ""));
  auto client = private_allowed();
  std::atomic<int> hanging_done{0};
  for (int i = 0; i < 50; ++i) {
    client.send(post(hanging.url(), 4s), [&](const http::OutboundResult& r) {
      EXPECT_TRUE(r.timed_out) << r.error;
      ++hanging_done;
    });
  }
  ASSERT_TRUE(test::eventually([&] { return hanging.connections() == 50; }, 10s)) << hanging.connections();

  std::promise<std::pair<http::OutboundResult, int>> fast_done;
  const auto started = Clock::now();
  client.send(post(fast.url(), 4s), [&](http::OutboundResult r) {
    fast_done.set_value({std::move(r), hanging_done.load()});
  });
  auto [result, hanging_finished_before] = fast_done.get_future().get();
  EXPECT_EQ(result.status, 204) << result.error;
  EXPECT_EQ(hanging_finished_before, 0) << "the fast answer came after the hanging ones were cut";
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_TRUE(test::eventually([&] { return hanging_done == 50; }, 10s));
}

TEST(OutboundClient, LoopbackIsRefusedBeforeAnyConnectionUnlessAllowed) {
  LoopbackServer server(LoopbackServer::Mode::kAnswer, answer(200, "OK", "hello"));
  http::OutboundClient strict(http::OutboundOptions{});
  const std::string port = std::to_string(server.port());
  for (const std::string& url : {server.url(), "http://localhost:" + port + "/", "http://[::1]:" + port + "/",
                                 "http://[::ffff:127.0.0.1]:" + port + "/", "http://127.0.0.2:" + port + "/"}) {
    const auto result = strict.send_and_wait(post(url));
    EXPECT_TRUE(result.refused) << url;
    EXPECT_EQ(result.status, 0) << url;
    EXPECT_FALSE(result.timed_out) << url;
    EXPECT_NE(result.error.find("loopback"), std::string::npos) << url << ": " << result.error;
    EXPECT_NE(result.error.find("HUB_WEBHOOK_ALLOW_PRIVATE"), std::string::npos) << result.error;
    EXPECT_TRUE(result.address == "127.0.0.1" || result.address == "127.0.0.2" || result.address == "::1" ||
                result.address == "::ffff:127.0.0.1")
        << url << ": " << result.address;
  }
  EXPECT_EQ(server.connections(), 0) << "nothing reaches a refused address";

  // The same server is reachable once private targets are allowed: the count above could move.
  auto relaxed = private_allowed();
  EXPECT_EQ(relaxed.send_and_wait(post(server.url())).status, 200);
  EXPECT_EQ(relaxed.send_and_wait(post("http://localhost:" + port + "/")).status, 200);
  EXPECT_EQ(server.connections(), 2);
}

TEST(OutboundClient, BadUrlsAndClosedPortsAreErrorsNotRefusals) {
  auto client = private_allowed();
  const auto bad = client.send_and_wait(post("ftp://127.0.0.1/"));
  EXPECT_NE(bad.error.find("bad URL"), std::string::npos) << bad.error;
  EXPECT_FALSE(bad.refused);

  const std::uint16_t closed = test::free_port();
  const auto result = client.send_and_wait(post("http://127.0.0.1:" + std::to_string(closed) + "/"));
  EXPECT_EQ(result.status, 0);
  EXPECT_FALSE(result.refused);
  EXPECT_FALSE(result.timed_out);
  EXPECT_NE(result.error.find("cannot connect"), std::string::npos) << result.error;
}

TEST(OutboundClient, BeyondMaxInFlightAnswersAtOnce) {
  LoopbackServer hanging(LoopbackServer::Mode::kHang);
  http::OutboundOptions options;
  options.allow_private = true;
  options.max_in_flight = 2;
  http::OutboundClient client(options);
  std::atomic<int> done{0};
  for (int i = 0; i < 2; ++i)
    client.send(post(hanging.url(), 2s), [&](const http::OutboundResult&) { ++done; });
  const auto start = Clock::now();
  const auto busy = client.send_and_wait(post(hanging.url(), 2s));
  EXPECT_NE(busy.error.find("too many"), std::string::npos) << busy.error;
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_TRUE(test::eventually([&] { return done == 2; }, 10s));
  // Room again once they ended.
  LoopbackServer fast(LoopbackServer::Mode::kAnswer, answer(200, "OK", ""));
  EXPECT_EQ(client.send_and_wait(post(fast.url())).status, 200);
}

TEST(OutboundClient, DestroyingTheClientEndsEveryExchange) {
  LoopbackServer hanging(LoopbackServer::Mode::kHang);
  std::atomic<int> stopped{0};
  const auto start = Clock::now();
  {
    auto client = private_allowed();
    for (int i = 0; i < 3; ++i) {
      client.send(post(hanging.url(), 60s), [&](const http::OutboundResult& r) {
        if (r.status == 0 && r.error.find("stopped") != std::string::npos) ++stopped;
      });
    }
    ASSERT_TRUE(test::eventually([&] { return hanging.connections() == 3; }, 10s));
  }
  EXPECT_EQ(stopped, 3);
  EXPECT_LT(Clock::now() - start, 10s);
}

// openssl s_server with a self-signed certificate for 127.0.0.1 made for this test. (It answers GET
// with a status page; that is all a TLS check needs.)
class TlsServer {
 public:
  TlsServer() : port_(test::free_port()) {
    const std::string& d = dir_.path();
    const std::string make =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj "
        "/CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
        d + "/key.pem -out " + d + "/cert.pem >" + d + "/req.log 2>&1";
    if (std::system(make.c_str()) != 0) throw std::runtime_error("openssl req failed");
    server_ = std::make_unique<test::Process>(
        "/usr/bin/openssl",
        std::vector<std::string>{"s_server", "-accept", "127.0.0.1:" + std::to_string(port_), "-cert", d + "/cert.pem",
                                 "-key", d + "/key.pem", "-www"},
        std::map<std::string, std::string>{}, d + "/server.log");
    if (!test::eventually([&] { return server_->log().find("ACCEPT") != std::string::npos; }, 10s)) {
      throw std::runtime_error("s_server did not start: " + server_->log());
    }
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/"; }
  std::string ca_file() const { return dir_.path() + "/cert.pem"; }

 private:
  test::TempDir dir_;
  std::uint16_t port_;
  std::unique_ptr<test::Process> server_;
};

http::OutboundRequest get(std::string url) {
  http::OutboundRequest r;
  r.url = std::move(url);
  r.method = "GET";
  r.deadline = 5s;
  return r;
}

TEST(OutboundClient, HttpsVerifiesTheCertificateAgainstTheSystemAndCaFile) {
  TlsServer server;
  http::OutboundOptions trusting;
  trusting.allow_private = true;
  trusting.ca_file = server.ca_file();
  http::OutboundClient client(trusting);
  const auto ok = client.send_and_wait(get(server.url()));
  EXPECT_EQ(ok.status, 200) << ok.error;
  EXPECT_NE(ok.body_head.find("<HTML>"), std::string::npos) << ok.body_head;

  auto untrusting = private_allowed();
  const auto refused = untrusting.send_and_wait(get(server.url()));
  EXPECT_EQ(refused.status, 0);
  EXPECT_FALSE(refused.refused);
  EXPECT_NE(refused.error.find("TLS"), std::string::npos) << refused.error;
  EXPECT_NE(refused.error.find("certificate verify failed"), std::string::npos) << refused.error;
}

TEST(OutboundClient, AMissingCaFileFailsTheStart) {
  http::OutboundOptions options;
  options.ca_file = "/nonexistent/ca.pem";
  EXPECT_THROW(http::OutboundClient client(options), std::runtime_error);
}

}  // namespace
}  // namespace hub

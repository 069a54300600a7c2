// The gateway at its edges: streamed answers that must not wait for a full buffer, WebSocket
// upgrades, upstreams that answer before reading the body, clients that drip, full work queues,
// signed identities, and an instance stopped under load.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <future>
#include <thread>

#include "common/json/json.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/raw_connection.hpp"

namespace hub {
namespace {

using namespace std::chrono_literals;

TEST(GatewayEdges, StreamedResponsePiecesArriveAsTheyAreSent) {
  test::GatewayWithUpstream stack;
  test::RawConnection c(stack.gateway());
  // A thousand small events, one every 200 ms: held back until 64 KiB, the first would take minutes.
  c.send("GET /api/notifications/stream?op=trickle&count=1000&ms=200 HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string start = c.read_until("data: ", 10s);
  EXPECT_NE(start.find("HTTP/1.1 200"), std::string::npos) << start;
  EXPECT_NE(start.find("data: "), std::string::npos) << "the first event came through at once";
  EXPECT_NE(c.read_until("data: ", 10s).find("data: "), std::string::npos) << "and the next one";
}

// An upstream that speaks just enough HTTP to accept a WebSocket upgrade and then echo bytes.
class UpgradeUpstream {
 public:
  UpgradeUpstream() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    socklen_t len = sizeof sa;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
    port_ = ntohs(sa.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] { serve(); });
  }
  ~UpgradeUpstream() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
    for (auto& t : connections_)
      t.join();
  }
  std::uint16_t port() const { return port_; }
  std::string last_request() {
    std::lock_guard lock(mutex_);
    return last_request_;
  }

 private:
  void serve() {
    while (true) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      connections_.emplace_back([this, c] { handle(c); });
    }
  }
  void handle(int c) {
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      request.append(buf, static_cast<std::size_t>(n));
    }
    if (request.find("Upgrade: websocket") == std::string::npos) {  // health checks
      std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      ::send(c, ok.data(), ok.size(), MSG_NOSIGNAL);
      ::close(c);
      return;
    }
    {
      std::lock_guard lock(mutex_);
      last_request_ = request;
    }
    std::string switching =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nhello";
    ::send(c, switching.data(), switching.size(), MSG_NOSIGNAL);
    while (true) {
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      ::send(c, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL);
    }
    ::close(c);
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::vector<std::thread> connections_;
  std::mutex mutex_;
  std::string last_request_;
};

TEST(GatewayEdges, WebSocketUpgradeIsTunnelled) {
  UpgradeUpstream upstream;
  test::GatewayWithUpstream stack(test::Env{{"HUB_NOTIFICATIONS_URL", "127.0.0.1:" + std::to_string(upstream.port())}});
  test::RawConnection c(stack.gateway());
  c.send(
      "GET /api/notifications/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
  std::string head = c.read_until("\r\n\r\n");
  EXPECT_NE(head.find("HTTP/1.1 101"), std::string::npos) << head;
  EXPECT_NE(head.find("Upgrade: websocket"), std::string::npos) << head;
  EXPECT_EQ(c.read_until("hello"), "hello") << "bytes the upstream sent with its 101";
  c.send("ping-frame-bytes");
  EXPECT_EQ(c.read_until("ping-frame-bytes"), "ping-frame-bytes") << "bytes flow both ways";
  EXPECT_NE(upstream.last_request().find("Sec-WebSocket-Key"), std::string::npos);
  EXPECT_EQ(upstream.last_request().find("X-Hub-Role"), std::string::npos);
}

TEST(GatewayEdges, UpstreamAnsweringBeforeReadingTheBodyIsRelayed) {
  test::GatewayWithUpstream stack;
  const std::string file = stack.dir() + "/big.bin";
  {
    std::ofstream out(file, std::ios::binary);
    std::string block(1 << 20, 'x');
    for (int i = 0; i < 8; ++i)
      out << block;
  }
  std::string cmd = "curl -s -o /dev/null -w '%{http_code}' --max-time 30 -T " + file + " 'http://" +
                    stack.gateway().str() + "/acme/bert.git/info/lfs/x?op=early' > " + stack.dir() + "/code";
  std::system(cmd.c_str());
  std::ifstream code(stack.dir() + "/code");
  std::string status;
  code >> status;
  EXPECT_EQ(status, "403") << "the upstream's own answer, not a 502";
}

TEST(GatewayEdges, ClientDrippingAHeaderIsCutOff) {
  test::GatewayWithUpstream stack(test::Env{{"HUB_API_TIMEOUT", "1s"}});
  test::RawConnection c(stack.gateway());
  c.send("GET /healthz HTTP/1.1\r\n");
  bool closed = false;
  // Each byte arrives well within the per-read limit; the header as a whole does not.
  for (int i = 0; i < 30 && !closed; ++i) {
    try {
      c.send("X");
    } catch (const std::exception&) {
      closed = true;
      break;
    }
    closed = c.closed_by_peer(200ms);
  }
  EXPECT_TRUE(closed) << "a slow header ends at its deadline, not after 30 bytes * 200 ms";
}

TEST(GatewayEdges, FullWorkQueueAnswers503WithRetryAfter) {
  test::TempDir dir;
  test::Process upstream(test::program("hub-test-upstream"), {},
                         {{"HUB_LISTEN", "127.0.0.1:0"}, {"HUB_WORKERS", "1"}, {"HUB_WORK_QUEUE", "1"}},
                         dir.path() + "/upstream.log");
  config::HostPort address{"127.0.0.1", upstream.wait_for_listen()};
  auto slow = [&] {
    http::Client c(address);
    return c.get("/x?op=sleep&ms=1500").status;
  };
  auto running = std::async(std::launch::async, slow);  // takes the only worker
  std::this_thread::sleep_for(300ms);
  auto queued = std::async(std::launch::async, slow);  // fills the queue
  std::this_thread::sleep_for(300ms);
  http::Client c(address);
  auto refused = c.get("/x?op=sleep&ms=1500");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.headers.get("Retry-After"), "1");
  EXPECT_EQ(refused.headers.get("X-Error-Code"), "ServiceUnavailable");
  EXPECT_EQ(running.get(), 200);
  EXPECT_EQ(queued.get(), 200);
}

TEST(GatewayEdges, ServicesSeeTheGatewaysSignedIdentityOnly) {
  test::GatewayWithUpstream stack({}, test::Env{{"HUB_INTERNAL_SECRET", test::kTestSecret}});
  http::Client through(stack.gateway());
  http::Headers forged;
  forged.add("X-Hub-Identity", "v1;kid=x;ts=0;user=admin;name=admin;token=;repo=;role=admin;addr=;sig=00");
  auto res = through.get("/api/models/acme/bert?op=echo", forged);
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body).value();
  ASSERT_TRUE(doc.HasMember("identity")) << res.body;
  EXPECT_EQ(std::string(doc["identity"]["user"].GetString()), "") << "anonymous: the forged header was dropped";
  EXPECT_EQ(std::string(doc["identity"]["address"].GetString()), "127.0.0.1");

  http::Client direct(stack.upstream());
  auto unsigned_call = direct.get("/api/models/acme/bert?op=echo", forged);
  EXPECT_EQ(unsigned_call.status, 401) << "a service refuses what the gateway did not sign";
  EXPECT_EQ(unsigned_call.headers.get("X-Error-Code"), "Unauthorized");
}

TEST(GatewayEdges, SignatureRotationAcrossTheSwitch) {
  const std::string next = "the-next-secret-0123456789abcdef-012345678";
  // Services move first: new secret, old one still accepted; the gateway still signs with the old.
  test::GatewayWithUpstream before(
      {}, test::Env{{"HUB_INTERNAL_SECRET", next}, {"HUB_INTERNAL_SECRET_PREVIOUS", test::kTestSecret}});
  http::Client old_gateway(before.gateway());
  EXPECT_EQ(old_gateway.get("/api/models/acme/bert?op=echo").status, 200);
  // Then the gateway: signing with the new secret is accepted by services that have it.
  test::GatewayWithUpstream after(test::Env{{"HUB_INTERNAL_SECRET", next}}, test::Env{{"HUB_INTERNAL_SECRET", next}});
  http::Client new_gateway(after.gateway());
  EXPECT_EQ(new_gateway.get("/api/models/acme/bert?op=echo").status, 200);
  // A service that already dropped the old secret refuses an old gateway.
  test::GatewayWithUpstream mismatch({}, test::Env{{"HUB_INTERNAL_SECRET", next}});
  http::Client stale(mismatch.gateway());
  EXPECT_EQ(stale.get("/api/models/acme/bert?op=echo").status, 401);
}

TEST(GatewayEdges, StoppingOneInstanceUnderLoadLosesNoRequest) {
  test::TempDir dir;
  test::Process second(test::program("hub-test-upstream"), {},
                       {{"HUB_LISTEN", "127.0.0.1:0"}, {"HUB_DRAIN_DELAY", "1500ms"}}, dir.path() + "/second.log");
  std::string second_address = "127.0.0.1:" + std::to_string(second.wait_for_listen());
  test::GatewayWithUpstream stack(test::Env{{"HUB_HEALTH_INTERVAL", "200ms"}});
  // The fixture's upstream plus the second one, both serving repos.
  test::GatewayWithUpstream both(
      test::Env{{"HUB_REPOS_URL", stack.upstream().str() + "," + second_address}, {"HUB_HEALTH_INTERVAL", "200ms"}});

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> load;
  for (int i = 0; i < 4; ++i) {
    load.emplace_back([&, i] {
      http::Client c(both.gateway());
      while (!stop) {
        http::ClientRequest r;
        r.method = i % 2 ? "POST" : "GET";
        r.target = "/api/models/acme/bert?op=echo";
        r.body = i % 2 ? "{}" : "";
        try {
          (c.send(r).status == 200 ? ok : failed)++;
        } catch (const std::exception&) {
          failed++;
        }
      }
    });
  }
  std::this_thread::sleep_for(1s);
  second.signal(SIGTERM);
  EXPECT_EQ(second.wait(15s), 0) << second.log();
  std::this_thread::sleep_for(500ms);
  stop = true;
  for (auto& t : load)
    t.join();
  EXPECT_GT(ok.load(), 100);
  EXPECT_EQ(failed.load(), 0) << "out of " << ok.load() + failed.load();
}

}  // namespace
}  // namespace hub

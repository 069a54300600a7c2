// Live streams in the HTTP core (message.hpp, LiveFeed), on a real server on 127.0.0.1 in this
// process: streams hold no worker, heartbeats come at their interval, a client that goes away
// releases its feed, a drain ends every stream at once, and WebSocket upgrades, messages, pings and
// closes follow RFC 6455.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "common/http/client.hpp"
#include "common/http/route_dispatcher.hpp"
#include "common/http/server.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/live_clients.hpp"

namespace hub {
namespace {

using namespace std::chrono_literals;
using test::SseClient;
using test::WsClient;
using test::WsFrame;

// A feed the test drives: what it pushes is taken as it is.
class TestFeed : public http::LiveFeed {
 public:
  explicit TestFeed(std::chrono::milliseconds beat) : beat_(beat) {}
  void attach(std::function<void()> wake) override {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
  }
  Taken take() override {
    std::lock_guard lock(mutex_);
    Taken t{std::move(queue_), ended_};
    queue_.clear();
    return t;
  }
  std::chrono::milliseconds heartbeat_interval() const override { return beat_; }
  void on_closed() override {
    std::lock_guard lock(mutex_);
    ++closed_;
    wake_ = nullptr;
  }
  void push(std::string message) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(message));
    if (wake_) wake_();
  }
  void end() {
    std::lock_guard lock(mutex_);
    ended_ = true;
    if (wake_) wake_();
  }
  int closed() {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  std::mutex mutex_;
  std::chrono::milliseconds beat_;
  std::function<void()> wake_;
  std::vector<std::string> queue_;
  bool ended_ = false;
  int closed_ = 0;
};

// A server with an SSE route, a WebSocket route, one that refuses an upgrade, and a plain one.
class LiveServer {
 public:
  explicit LiveServer(int workers = 2, std::chrono::milliseconds beat = 200ms) : beat_(beat) {
    http::HandlerOptions stream;
    stream.route_class = http::RouteClass::kStream;
    routes_.add(
        "GET", "/sse", [this](http::Request&) { return live(); }, stream);
    http::HandlerOptions ws = stream;
    ws.websocket = true;
    routes_.add(
        "GET", "/ws", [this](http::Request&) { return live(); }, ws);
    routes_.add(
        "GET", "/ws-refused",
        [](http::Request&) -> http::Response { throw ApiError(ErrorCode::kUnauthorized, "who are you"); }, ws);
    routes_.add("GET", "/plain", [](http::Request&) { return http::Response::json(200, R"({"ok":true})"); });
    http::ServerOptions o;
    o.workers = workers;
    o.queue_limit = 16;
    o.io_threads = 2;
    o.access_log = false;
    o.shutdown_timeout = 20s;  // far beyond what a drain of streams may take here
    server_ = std::make_unique<http::Server>(o, routes_);
    server_->start();
    runner_ = std::thread([this] {
      server_->run(nullptr, 0ms);
      stopped_ = true;
    });
  }
  ~LiveServer() {
    server_->stop();
    runner_.join();
  }
  config::HostPort address() const { return {"127.0.0.1", server_->port()}; }
  void stop() { server_->stop(); }
  bool stopped() const { return stopped_; }
  std::vector<std::shared_ptr<TestFeed>> feeds() {
    std::lock_guard lock(mutex_);
    return feeds_;
  }
  std::shared_ptr<TestFeed> feed(std::size_t i) {
    std::lock_guard lock(mutex_);
    return i < feeds_.size() ? feeds_[i] : nullptr;
  }
  int closed_feeds() {
    int n = 0;
    for (auto& f : feeds())
      n += f->closed();
    return n;
  }

 private:
  http::Response live() {
    auto f = std::make_shared<TestFeed>(beat_);
    {
      std::lock_guard lock(mutex_);
      feeds_.push_back(f);
    }
    http::Response r;
    r.live = f;
    return r;
  }

  std::chrono::milliseconds beat_;
  http::RouteDispatcher routes_;
  std::unique_ptr<http::Server> server_;
  std::thread runner_;
  std::atomic<bool> stopped_{false};
  std::mutex mutex_;
  std::vector<std::shared_ptr<TestFeed>> feeds_;
};

TEST(LiveStreams, ManyStreamsHoldNoWorkerAndClientsThatLeaveReleaseTheirFeeds) {
  LiveServer server(2, 10s);
  std::vector<std::unique_ptr<SseClient>> clients;
  for (int i = 0; i < 64; ++i) {
    clients.push_back(std::make_unique<SseClient>(server.address(), "/sse"));
    ASSERT_EQ(clients.back()->status(), 200);
  }
  EXPECT_EQ(clients[0]->headers().get("Content-Type"), "text/event-stream");
  EXPECT_EQ(clients[0]->headers().get("Cache-Control"), "no-cache");
  EXPECT_EQ(clients[0]->headers().get("Transfer-Encoding"), "chunked");
  http::Client plain(server.address());
  EXPECT_EQ(plain.get("/plain").status, 200) << "64 open streams, 2 workers, and a request is still answered";

  auto feeds = server.feeds();
  ASSERT_EQ(feeds.size(), 64u);
  for (std::size_t i = 0; i < feeds.size(); ++i)
    feeds[i]->push("id: " + std::to_string(i) + "\ndata: hello\n\n");
  for (std::size_t i = 0; i < clients.size(); ++i) {
    auto e = clients[i]->next_event(5s);
    ASSERT_TRUE(e) << "stream " << i;
    EXPECT_EQ(e->id, std::to_string(i));
    EXPECT_EQ(e->data, "hello");
  }
  EXPECT_EQ(server.closed_feeds(), 0);
  for (auto& c : clients)
    c->close();
  EXPECT_TRUE(test::eventually([&] { return server.closed_feeds() == 64; }, 10s))
      << "every feed hears its client left (" << server.closed_feeds() << " of 64), without waiting for a write";
}

TEST(LiveStreams, HeartbeatsComeAtTheirInterval) {
  LiveServer server(2, 300ms);
  SseClient c(server.address(), "/sse");
  const auto start = std::chrono::steady_clock::now();
  auto first = c.next(3s);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->comment, "heartbeat");
  auto second = c.next(3s);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->comment, "heartbeat");
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 500ms) << "two intervals, not a burst";
  EXPECT_LT(took, 2500ms);
  // A message resets the interval; the feed's events arrive unchanged between heartbeats.
  server.feed(0)->push("event: note\ndata: {\"a\":1}\n\n");
  auto e = c.next_event(3s);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->event, "note");
  EXPECT_EQ(e->data, R"({"a":1})");
}

TEST(LiveStreams, AFeedThatEndsEndsItsStream) {
  LiveServer server;
  SseClient c(server.address(), "/sse");
  ASSERT_TRUE(test::eventually([&] { return server.feed(0) != nullptr; }, 5s));
  server.feed(0)->push("data: last\n\n");
  server.feed(0)->end();
  auto e = c.next_event(5s);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->data, "last");
  EXPECT_TRUE(c.ends_within(5s));
  EXPECT_TRUE(c.ended_cleanly()) << "the chunked body ends with its last chunk";
  EXPECT_TRUE(test::eventually([&] { return server.closed_feeds() == 1; }, 5s));
}

TEST(LiveStreams, ADrainEndsEveryStreamAtOnce) {
  LiveServer server(2, 10s);
  SseClient sse1(server.address(), "/sse");
  SseClient sse2(server.address(), "/sse");
  WsClient ws(server.address(), "/ws");
  ASSERT_EQ(ws.status(), 101);
  const auto start = std::chrono::steady_clock::now();
  server.stop();
  EXPECT_TRUE(sse1.ends_within(5s));
  EXPECT_TRUE(sse1.ended_cleanly());
  EXPECT_TRUE(sse2.ends_within(5s));
  auto close = ws.next_of(WsFrame::kClose, 5s);
  ASSERT_TRUE(close) << "the server closes the WebSocket";
  ASSERT_GE(close->payload.size(), 2u);
  EXPECT_EQ((static_cast<unsigned char>(close->payload[0]) << 8) | static_cast<unsigned char>(close->payload[1]), 1001)
      << "going away: the client reconnects elsewhere";
  ws.send_close(1001);
  EXPECT_TRUE(ws.closed_within(5s)) << "then the server closes the connection";
  ws.close();
  EXPECT_TRUE(test::eventually([&] { return server.stopped(); }, 10s))
      << "streams do not hold the drain until its 20 s deadline";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_EQ(server.closed_feeds(), 3);
}

TEST(LiveStreams, WebSocketHandshakeMessagesPingsAndClose) {
  LiveServer server(2, 300ms);
  WsClient ws(server.address(), "/ws");
  ASSERT_EQ(ws.status(), 101);
  EXPECT_EQ(ws.headers().get("Sec-WebSocket-Accept"), ws.expected_accept());
  EXPECT_FALSE(ws.headers().get("X-Request-Id").empty());
  ASSERT_TRUE(test::eventually([&] { return server.feed(0) != nullptr; }, 5s));

  server.feed(0)->push(R"({"type":"notification","id":"1"})");
  auto text = ws.next_of(WsFrame::kText, 5s);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->payload, R"({"type":"notification","id":"1"})");

  auto ping = ws.next_of(WsFrame::kPing, 3s);
  ASSERT_TRUE(ping) << "heartbeats are pings";
  ws.send_frame(WsFrame::kPong, ping->payload);

  ws.send_frame(WsFrame::kPing, "are you there");
  auto pong = ws.next_of(WsFrame::kPong, 5s);
  ASSERT_TRUE(pong) << "the client's ping is answered";
  EXPECT_EQ(pong->payload, "are you there");

  ws.send_close(1000);
  auto close = ws.next_of(WsFrame::kClose, 5s);
  ASSERT_TRUE(close) << "the closing handshake is answered";
  EXPECT_TRUE(ws.closed_within(5s));
  ws.close();
  EXPECT_TRUE(test::eventually([&] { return server.closed_feeds() == 1; }, 5s));
}

TEST(LiveStreams, AWebSocketClientThatNeverAnswersPingsIsDropped) {
  LiveServer server(2, 200ms);
  WsClient ws(server.address(), "/ws");
  ASSERT_EQ(ws.status(), 101);
  // Reads nothing, answers nothing: after a few unanswered pings its feed is released.
  EXPECT_TRUE(test::eventually([&] { return server.closed_feeds() == 1; }, 5s));
}

TEST(LiveStreams, WebSocketRoutesRefuseWhatIsNoUpgrade) {
  LiveServer server;
  http::Client plain(server.address());
  auto res = plain.get("/ws");
  EXPECT_EQ(res.status, 426);
  EXPECT_EQ(res.headers.get("Upgrade"), "websocket");
  EXPECT_EQ(res.headers.get("X-Error-Code"), "UpgradeRequired");
  EXPECT_TRUE(server.feeds().empty()) << "the handler did not run";

  // A handler's refusal (no feed) is sent as the answer it is, and the connection is no WebSocket.
  WsClient refused(server.address(), "/ws-refused");
  EXPECT_EQ(refused.status(), 401);
  EXPECT_NE(refused.rest().find("who are you"), std::string::npos);
}

}  // namespace
}  // namespace hub

#pragma once
// Plain request and response types that handlers see. Nothing here knows Beast or Asio: the server
// translates to and from the wire, so services compile without those headers.
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/access/identity.hpp"

namespace hub::http {

struct Header {
  std::string name;
  std::string value;
};

// An ordered header list with case-insensitive lookup. Small, so a linear scan beats a map.
class Headers {
 public:
  const std::string* find(std::string_view name) const;
  std::string_view get(std::string_view name, std::string_view fallback = {}) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  // Replaces every existing value of `name`.
  void set(std::string_view name, std::string_view value);
  // An rvalue string is moved in (the gateway's signed identity, a fresh request id).
  void set(std::string_view name, std::string&& value);
  void set(std::string_view name, const char* value) { set(name, std::string_view(value)); }
  void add(std::string_view name, std::string_view value);
  void add(std::string_view name, std::string&& value);
  void add(std::string_view name, const char* value) { add(name, std::string_view(value)); }
  void remove(std::string_view name);
  void reserve(std::size_t n) { items_.reserve(n); }
  template <class Pred>
  void remove_if(Pred pred) {
    std::erase_if(items_, [&](const Header& h) { return pred(h.name); });
  }

  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Header> items_;
};

// Which deadlines and limits apply to a route.
enum class RouteClass {
  kApi,       // ordinary API calls: short deadlines, small bodies
  kTransfer,  // uploads, downloads, git: long inactivity deadlines, large bodies
  kStream,    // SSE and WebSocket: open-ended
};

std::string_view route_class_name(RouteClass c);

// The base of a dispatcher's own per-request state (services/gateway/request_state.hpp).
struct RequestState {
  virtual ~RequestState() = default;
};

// Per-request facts that travel with it through the handler chain.
struct RequestContext {
  std::string request_id;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::string remote_address;
  // The route template, as metrics and logs label it: a view of text that outlives the request
  // (the route table's own pattern, a literal, or this request's path).
  std::string_view route = "unmatched";
  std::optional<access::Identity> identity;  // verified X-Hub-Identity (services) or the caller (gateway)
  std::string caller_service;                // verified X-Hub-Service, on /internal/ routes
  // What the dispatcher keeps about this request for itself (the gateway's: the route it matched, the
  // client's address, its filters' response headers); common code only carries it.
  std::shared_ptr<RequestState> state;
};

// A request body consumed in pieces by a handler running on the worker pool.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Fills up to `size` bytes; returns 0 at the end of the body. Throws ApiError on a client error
  // (body too large, connection lost, timeout).
  virtual std::size_t read(char* data, std::size_t size) = 0;
};

// A response body produced in pieces; read() runs on the worker pool, so it may block.
class BodySource {
 public:
  virtual ~BodySource() = default;
  // Returns 0 at the end.
  virtual std::size_t read(char* data, std::size_t size) = 0;
};

// A response that goes on after its handler returned: a live stream (Server-Sent Events, or
// WebSocket messages on a route with HandlerOptions::websocket). The handler, on the worker pool,
// authenticates and catches up, then returns a Response whose `live` is set; the session serves it
// on its I/O thread without holding a worker, until the feed ends, the client goes away, or the
// server drains. For SSE the session writes the status and headers (text/event-stream, chunked,
// Cache-Control: no-cache), then each message as it is taken, unchanged (the feed frames its own
// events); for WebSocket it accepts the upgrade, then sends each message as one text message.
//
// Threads: attach(), take(), heartbeat() and on_closed() are called on the session's I/O thread and
// must never block; the `wake` callback may be called from any thread.
class LiveFeed {
 public:
  struct Taken {
    std::vector<std::string> messages;  // in order
    bool ended = false;                 // nothing will follow: the session ends the stream
  };

  virtual ~LiveFeed() = default;
  // Called once, before the first take(). Calling `wake` (any number of times, from any thread)
  // makes the session call take() soon; it must not be called once on_closed() has returned.
  virtual void attach(std::function<void()> wake) = 0;
  // What is ready now; never waits.
  virtual Taken take() = 0;
  // An idle stream sends a heartbeat this often: heartbeat() as it is on SSE (a comment line), a
  // ping on WebSocket.
  virtual std::chrono::milliseconds heartbeat_interval() const = 0;
  virtual std::string heartbeat() const { return ": heartbeat\n\n"; }
  // Called exactly once, last, by the session that received the response, whatever ended the
  // stream (the feed, the client, a failed write, the server draining), also when the stream never
  // started (a HEAD request, a client already gone). A response dropped before any session got it
  // (a process stopping) is only destroyed.
  virtual void on_closed() = 0;
};

struct Request {
  int version = 11;  // 10 for HTTP/1.0, which may not receive chunked bodies
  std::string method;
  std::string target;  // as received: path and query
  std::string path;    // raw (still percent-encoded) path
  std::string query;   // raw, without '?'
  Headers headers;
  std::string body;                                         // for routes that buffer their body
  BodyReader* body_reader = nullptr;                        // for routes that stream their body
  std::vector<std::pair<std::string, std::string>> params;  // from the route template, decoded
  RequestContext ctx;

  std::string_view param(std::string_view name) const;
  // First value of a query parameter, decoded.
  std::optional<std::string> query_param(std::string_view name) const;
  // Every value of a repeated query parameter (`a=1&a=2`), decoded.
  std::vector<std::string> query_params(std::string_view name) const;
};

// A byte range of a file on disk, served without loading it.
struct FileBody {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::optional<FileBody> file;
  std::shared_ptr<BodySource> source;
  std::optional<std::uint64_t> source_length;  // unset means chunked
  std::shared_ptr<LiveFeed> live;              // a live stream (see LiveFeed); the body is not sent

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string_view content_type = "text/plain; charset=utf-8");
  static Response empty(int status);
};

// Thrown by a handler, deep in its helpers, to answer with this response instead (a redirect found
// while looking the request's repo up). The server catches it where it catches ApiError.
struct ResponseException : std::exception {
  explicit ResponseException(Response r) : response(std::move(r)) {}
  const char* what() const noexcept override { return "response"; }
  Response response;
};

}  // namespace hub::http

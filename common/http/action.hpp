#pragma once
// What a dispatcher decides about a request once its header has arrived, on an I/O thread: one of
// six kinds, held in a std::variant so that exactly one is ever chosen. Plain interface: nothing
// here knows Beast or Asio.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

#include "common/http/client.hpp"
#include "common/http/message.hpp"
#include "common/http/upstream.hpp"

namespace hub::http {

using Handler = std::function<Response(Request&)>;

struct HandlerOptions {
  RouteClass route_class = RouteClass::kApi;
  std::uint64_t max_body = 1 << 20;
  bool stream_body = false;   // the handler reads Request::body_reader instead of Request::body
  bool on_io_thread = false;  // cheap, never blocks (health, metrics): skip the worker pool
  bool open = false;          // served without a signed identity (health, readiness, metrics)
  // For signed-in callers only: the dispatcher answers an anonymous caller 401 on the I/O thread,
  // as the handler's own check would, without handing the request to the worker pool.
  bool signed_in = false;
  // A WebSocket endpoint: a request that is no upgrade is answered 426 without running the handler;
  // a Response with a live feed accepts the upgrade and drives text messages, any other is sent as
  // the refusal it is (401, 429, ...).
  bool websocket = false;
};

struct ProxyTarget {
  std::shared_ptr<Upstream> upstream;
  RouteClass route_class = RouteClass::kApi;
  std::uint64_t max_body = 1 << 20;
};

// A question to a peer service (the gateway asking auth who a token is), asked from an I/O thread
// over that thread's pooled upstream connections: no worker waits on it and no thread hands the
// request on. Each of the upstream's addresses is tried at most once, and a pooled connection found
// closed is replaced, so the request must be safe to send again.
struct PeerCall {
  std::shared_ptr<Upstream> upstream;
  ClientRequest request;  // its body a string (source is not sent)
  std::chrono::milliseconds timeout{5000};
  std::uint64_t max_body = 64 * 1024;
};

struct Action;

namespace action {

// No decision here: the caller decides (a gateway filter chain goes on with its next filter; the
// server answers 404).
struct Continue {};

// Answer at once with this response.
struct Reply {
  Response response;
};

// Run a local handler, on the worker pool unless its options say otherwise.
struct Handle {
  const Handler* handler = nullptr;
  HandlerOptions options;
};

// Relay the exchange to an upstream, bodies streamed both ways.
struct Proxy {
  ProxyTarget target;
};

// A decision that needs a blocking call: `work` runs on the worker pool and returns the action
// taken instead.
struct Defer {
  std::function<Action()> work;
};

// A decision that needs a peer's answer: `then` runs on the I/O thread once the peer answered (or
// with nullopt when no address did), must not block, and returns the action taken instead; what it
// throws becomes an error answer.
struct Ask {
  PeerCall call;
  std::function<Action(std::optional<ClientResponse>)> then;
};

}  // namespace action

struct Action
    : std::variant<action::Continue, action::Reply, action::Handle, action::Proxy, action::Defer, action::Ask> {
  using Kinds =
      std::variant<action::Continue, action::Reply, action::Handle, action::Proxy, action::Defer, action::Ask>;
  using Kinds::Kinds;
  Action() = default;

  bool undecided() const { return std::holds_alternative<action::Continue>(*this); }
  // Decided later: by a peer's answer or on the worker pool.
  bool pending() const {
    return std::holds_alternative<action::Ask>(*this) || std::holds_alternative<action::Defer>(*this);
  }

  // The answer when this is a Reply, nullptr otherwise (for tests and checks that only look).
  const Response* reply_response() const {
    const auto* r = std::get_if<action::Reply>(this);
    return r != nullptr ? &r->response : nullptr;
  }

  static Action reply(Response r) { return action::Reply{std::move(r)}; }
  static Action handle(const Handler& handler, HandlerOptions options) { return action::Handle{&handler, options}; }
  static Action proxy(ProxyTarget target) { return action::Proxy{std::move(target)}; }
  static Action defer(std::function<Action()> work) { return action::Defer{std::move(work)}; }
  static Action ask(PeerCall call, std::function<Action(std::optional<ClientResponse>)> then) {
    return action::Ask{std::move(call), std::move(then)};
  }
};

// Asks `call` from the calling I/O thread with no request waiting on the answer (a cache entry
// refreshed behind the request that found it old): `done` runs later on the same thread, with the
// answer or nullopt. Returns false, and never calls `done`, when the caller is not on an I/O thread
// of a running Server.
bool ask_in_background(PeerCall call, std::function<void(std::optional<ClientResponse>)> done);

}  // namespace hub::http

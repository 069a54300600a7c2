// A question to a peer asked from an I/O thread (PeerCall): the request goes out on one of the
// thread's pooled upstream connections and the coroutine waits for the answer like any other read,
// so a cache miss at the gateway costs one round trip to auth and no thread hand-offs. The same
// asking serves a request waiting on the answer (action::Ask) and one that does not
// (ask_in_background: a cached answer refreshed behind the request that found it old).
#include "common/http/detail/io_thread.hpp"
#include "common/http/detail/peer_ask.hpp"
#include "common/http/error_response.hpp"
#include "common/log/log.hpp"

namespace hub::http::detail {
namespace {

// One exchange on `stream`: the answer, or nullopt with `ec` set. `reusable` says whether the
// connection may carry another request afterwards.
net::awaitable<std::optional<ClientResponse>> exchange(TimedSocket& stream, const std::string& host,
                                                       const PeerCall& call, bool& reusable, error_code& ec) {
  bhttp::request<bhttp::string_body> out;
  start_message(out, call.request, host);
  out.keep_alive(true);
  out.body() = call.request.body;
  out.prepare_payload();
  stream.arm(call.timeout);
  co_await bhttp::async_write(stream, out, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return std::nullopt;

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(call.max_body);
  co_await bhttp::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return std::nullopt;
  auto& in = parser.get();
  ClientResponse answer;
  answer.status = static_cast<int>(in.result_int());
  answer.headers = to_headers(in);
  answer.body = std::move(in.body());
  reusable = parser.keep_alive() && buffer.size() == 0;  // bytes past the answer: not ours to reuse
  co_return answer;
}

// Asks over the thread's pool: each address at most once. `request_id` is for the log.
net::awaitable<std::optional<ClientResponse>> ask(IoThread& thread, const PeerCall& call,
                                                  const std::string& request_id) {
  UpstreamConnections& pool = thread.upstreams;
  ServerMetrics& metrics = thread.core.metrics;
  Upstream& upstream = *call.upstream;
  std::optional<std::size_t> failed;
  for (std::size_t attempt = 0; attempt < upstream.size(); ++attempt) {
    const std::size_t index = upstream.pick(failed);
    const std::string& key = upstream.key(index);
    error_code ec;
    for (int stale = 0;;) {
      std::unique_ptr<TimedSocket> stream = pool.take(key);
      const bool reused = stream != nullptr;
      if (!stream) {
        stream = co_await connect_upstream(upstream.address(index), thread.core.options.connect_timeout,
                                           pool.registry(), ec);
        if (!stream) break;
      }
      bool reusable = false;
      auto answer = co_await exchange(*stream, key, call, reusable, ec);
      if (answer) {
        if (reusable) pool.give(key, std::move(stream));
        co_return answer;
      }
      // A pooled connection the peer had closed says nothing about the peer: try a fresh one. A
      // timeout does; it moves on to the next address.
      if (!reused || ec == beast::error::timeout || ++stale >= 8) break;
    }
    if (ec == beast::error::timeout) {
      metrics.upstream_timeouts.inc();
    } else {
      metrics.upstream_errors.inc();
    }
    log::warn("peer unreachable",
              {{"upstream", upstream.name()}, {"address", key}, {"error", ec.message()}, {"requestId", request_id}});
    failed = index;
  }
  co_return std::nullopt;
}

// Holds what a background question needs until it is answered.
struct Background {
  PeerCall call;
  std::function<void(std::optional<ClientResponse>)> done;
  std::string request_id;
};

// `job` is kept alive by the spawn's completion handler (a coroutine takes no class by value:
// on_pool.hpp).
net::awaitable<void> ask_aside(IoThread& thread, Background& job) {
  std::optional<ClientResponse> answer = co_await ask(thread, job.call, job.request_id);
  try {
    job.done(std::move(answer));
  } catch (const std::exception& e) {
    log::error("background peer call failed", {{"error", e.what()}, {"requestId", job.request_id}});
  }
}

}  // namespace

net::awaitable<Action> ask_peer(IoThread& thread, Request& request, action::Ask& question) {
  std::optional<ClientResponse> answer = co_await ask(thread, question.call, request.ctx.request_id);
  try {
    co_return question.then(std::move(answer));
  } catch (const ApiError& e) {
    co_return Action::reply(error_response(e, request.ctx.request_id));
  } catch (const std::exception& e) {
    log::error("dispatch failed", {{"error", e.what()}, {"requestId", request.ctx.request_id}});
    co_return Action::reply(error_response(ErrorCode::kInternal, "internal error", request.ctx.request_id));
  }
}

}  // namespace hub::http::detail

namespace hub::http {

bool ask_in_background(PeerCall call, std::function<void(std::optional<ClientResponse>)> done) {
  detail::IoThread* thread = detail::IoThread::current();
  if (thread == nullptr || thread->core.stopping) return false;
  const std::string request_id(call.request.headers.get("X-Request-Id"));
  auto job = std::make_shared<detail::Background>(detail::Background{std::move(call), std::move(done), request_id});
  detail::net::co_spawn(thread->ioc, detail::ask_aside(*thread, *job), [job](const std::exception_ptr&) {});
  return true;
}

}  // namespace hub::http

// The upstream connections of one I/O thread: fresh ones (resolving names), and the keep-alive ones
// it keeps between exchanges.
#include "common/http/detail/upstream_pool.hpp"

#include <poll.h>

namespace hub::http::detail {

std::unique_ptr<TimedSocket> UpstreamConnections::take(const std::string& key) {
  auto it = idle_.find(key);
  if (it == idle_.end()) return nullptr;
  auto& list = it->second;
  const auto now = coarse_now();
  while (!list.empty()) {
    Idle idle = std::move(list.back());
    list.pop_back();
    if (now - idle.since > std::chrono::seconds(30)) continue;
    // An idle socket that is readable has either been closed by the upstream (EOF) or holds bytes
    // nobody asked for; neither may carry the next request. A connection back in the pool for
    // under a second is taken without asking the kernel (a syscall per request adds up): an
    // upstream closing it in that instant is what the retry of a failed reused connection covers.
    if (now - idle.since > std::chrono::seconds(1)) {
      pollfd p{idle.stream->socket().native_handle(), POLLIN, 0};
      if (::poll(&p, 1, 0) != 0) continue;
    }
    return std::move(idle.stream);
  }
  return nullptr;
}

void UpstreamConnections::give(const std::string& key, std::unique_ptr<TimedSocket> stream) {
  auto& list = idle_[key];
  if (list.size() >= max_idle_) list.erase(list.begin());
  list.push_back(Idle{std::move(stream), coarse_now()});
}

net::awaitable<std::unique_ptr<TimedSocket>> connect_upstream(const config::HostPort& address,
                                                              const std::chrono::milliseconds& timeout,
                                                              SocketRegistry& registry, error_code& ec) {
  auto ex = co_await net::this_coro::executor;
  auto stream = std::make_unique<TimedSocket>(tcp::socket(ex), registry);
  auto ip = net::ip::make_address(address.host, ec);
  std::vector<tcp::endpoint> endpoints;
  if (!ec) {
    endpoints.emplace_back(ip, address.port);
  } else {
    // A host name (compose, Kubernetes service names): resolve it.
    tcp::resolver resolver(ex);
    ec = {};
    const std::string port = std::to_string(address.port);
    auto results = co_await resolver.async_resolve(address.host, port, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return nullptr;
    for (const auto& r : results)
      endpoints.push_back(r.endpoint());
  }
  stream->arm(timeout);
  for (const auto& endpoint : endpoints) {
    co_await stream->async_connect(endpoint, net::redirect_error(net::use_awaitable, ec));
    if (!ec) break;
    stream->close();
  }
  if (ec) co_return nullptr;
  stream->socket().set_option(tcp::no_delay(true), ec);
  stream->socket().non_blocking(true, ec);  // send_all() tries sends at once
  ec = {};
  co_return stream;
}

}  // namespace hub::http::detail

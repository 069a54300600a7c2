#pragma once
// The gateway is an ordered chain of small filters (Envoy's shape): each looks at the request once
// its header has arrived and either lets it continue or answers it locally; on the way back each
// may add response headers. Filters run on I/O threads and never block: a decision that needs a
// peer's answer asks it asynchronously (action::Ask), one that needs a blocking call defers it
// (action::Defer).
// Which filters run, and in which order, is decided in one place: chain.hpp.
#include <memory>
#include <optional>
#include <vector>

#include "common/http/server.hpp"

namespace hub::gateway {

class Filter {
 public:
  virtual ~Filter() = default;
  // action::Continue (the default Action): go on with the next filter.
  virtual http::Action on_request(http::Request& request) = 0;
  virtual void on_response(const http::Request& /*request*/, http::Headers& /*headers*/, int /*status*/) {}
};

class FilterChain : public http::Dispatcher {
 public:
  void add(std::unique_ptr<Filter> filter) { filters_.push_back(std::move(filter)); }
  http::Action dispatch(http::Request& request) override;
  void finish(const http::Request& request, http::Headers& headers, int status) override;

 private:
  // Runs the filters from `first` on. A filter that waits for a peer's answer (ask) gets the rest of
  // the chain appended to what it does with the answer, on the I/O thread. A filter that defers
  // (its decision needs a blocking call) gets it appended to its deferred work, which then runs on
  // the worker pool; on the pool already, a second filter's deferred work runs in place rather
  // than hopping again.
  http::Action dispatch_from(std::size_t first, http::Request& request, bool on_pool);
  std::vector<std::unique_ptr<Filter>> filters_;
};

}  // namespace hub::gateway

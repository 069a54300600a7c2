// Runs the filters in order, and carries the rest of the chain across an ask or a deferral.
#include "services/gateway/filter_chain.hpp"

#include "common/http/error_response.hpp"
#include "services/gateway/request_state.hpp"

namespace hub::gateway {

http::Action FilterChain::dispatch(http::Request& request) {
  return dispatch_from(0, request, false);
}

http::Action FilterChain::dispatch_from(std::size_t first, http::Request& request, bool on_pool) {
  for (std::size_t i = first; i < filters_.size(); ++i) {
    http::Action action = filters_[i]->on_request(request);
    if (action.undecided()) continue;
    if (auto* ask = std::get_if<http::action::Ask>(&action)) {
      // The answer arrives on the I/O thread: the rest of the chain runs there too.
      ask->then = [this, i, &request, then = std::move(ask->then)](std::optional<http::ClientResponse> answer) {
        http::Action decided = then(std::move(answer));
        return decided.undecided() ? dispatch_from(i + 1, request, false) : decided;
      };
    } else if (auto* defer = std::get_if<http::action::Defer>(&action)) {
      if (on_pool) {
        http::Action decided = defer->work();
        if (decided.undecided()) continue;
        return decided;
      }
      defer->work = [this, i, &request, work = std::move(defer->work)]() {
        http::Action decided = work();
        return decided.undecided() ? dispatch_from(i + 1, request, true) : decided;
      };
    }
    return action;
  }
  return http::Action::reply(http::error_response(ErrorCode::kNotFound, "no such endpoint", request.ctx.request_id));
}

void FilterChain::finish(const http::Request& request, http::Headers& headers, int status) {
  if (const GatewayRequest* state = gateway_state(request)) {
    for (const auto& h : state->response_headers)
      headers.set(h.name, h.value);
  }
  for (const auto& f : filters_)
    f->on_response(request, headers, status);
}

}  // namespace hub::gateway

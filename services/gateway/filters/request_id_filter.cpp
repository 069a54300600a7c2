// The request id: replaced when the client chose one, so every id in the logs is the gateway's.
#include "services/gateway/filters/request_id_filter.hpp"

#include "common/util/random.hpp"

namespace hub::gateway {

http::Action RequestIdFilter::on_request(http::Request& request) {
  // The server already gave the request a fresh id unless the client sent one; that one is replaced.
  if (request.headers.has("X-Request-Id")) {
    request.ctx.request_id = util::random_id();
    request.headers.set("X-Request-Id", request.ctx.request_id);
  } else {
    request.headers.add("X-Request-Id", request.ctx.request_id);
  }
  return http::action::Continue{};
}

}  // namespace hub::gateway

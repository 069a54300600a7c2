#include "common/http/handler_support.hpp"

#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"

namespace hub::http {

const access::Identity& require_user(const Request& request) {
  if (!request.ctx.identity || request.ctx.identity->anonymous()) {
    throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  }
  return *request.ctx.identity;
}

json::Document json_body(const Request& request) {
  const auto type = util::to_lower(request.headers.get("Content-Type"));
  if (!type.starts_with("application/json")) {
    throw ApiError(ErrorCode::kUnsupportedMediaType, "the body must be application/json");
  }
  return json::parse_object(request.body).or_throw();
}

}  // namespace hub::http

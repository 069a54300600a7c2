#include "common/http/error_response.hpp"

#include "common/json/json.hpp"
#include "common/util/strings.hpp"

namespace hub::http {

void add_auth_challenge(Response& r) {
  r.headers.set("WWW-Authenticate", "Basic realm=\"hub\"");
  r.headers.set("LFS-Authenticate", "Basic realm=\"hub\"");
}

Response error_response(const ApiError& error, std::string_view request_id) {
  ErrorInfo info = error_info(error.code());
  Response r = Response::json(info.status, json::error_body(error.message()));
  r.headers.set("X-Error-Code", info.name);
  r.headers.set("X-Error-Message", util::header_safe(error.message()));
  if (!request_id.empty()) r.headers.set("X-Request-Id", request_id);
  // Unavailable is always passing (a peer, the database, a full queue): say when to come back.
  if (info.status == 503) r.headers.set("Retry-After", "1");
  if (info.status == 401) add_auth_challenge(r);
  return r;
}

Response error_response(ErrorCode code, std::string_view message, std::string_view request_id) {
  return error_response(ApiError(code, std::string(message)), request_id);
}

}  // namespace hub::http

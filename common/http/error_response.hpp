#pragma once
// The one place an ApiError becomes HTTP: status, `{"error": message}`, X-Error-Code,
// X-Error-Message and X-Request-Id. The error's detail is for the log only.
#include <string_view>

#include "common/error/api_error.hpp"
#include "common/http/message.hpp"

namespace hub::http {

Response error_response(const ApiError& error, std::string_view request_id);
Response error_response(ErrorCode code, std::string_view message, std::string_view request_id);

// How to authenticate, on every 401 (error_response adds it; so must whatever turns another answer
// into a 401): git sends credentials only after WWW-Authenticate, git-lfs reads LFS-Authenticate.
void add_auth_challenge(Response& r);

}  // namespace hub::http

#pragma once
// The one place an ApiError becomes HTTP: status, `{"error": message}`, X-Error-Code,
// X-Error-Message and X-Request-Id. The error's detail is for the log only.
#include <string_view>

#include "common/error/api_error.hpp"
#include "common/http/message.hpp"

namespace hub::http {

Response error_response(const ApiError& error, std::string_view request_id);
Response error_response(ErrorCode code, std::string_view message, std::string_view request_id);

}  // namespace hub::http

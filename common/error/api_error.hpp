#pragma once
// The one error type a handler throws. Its public message reaches the client; its detail reaches only
// the log. error_response() is the single place that turns it into HTTP.
#include <stdexcept>
#include <string>
#include <string_view>

namespace hub {

enum class ErrorCode {
  kBadRequest,
  kUnauthorized,
  kInvalidCredentials,
  kForbidden,
  kDisabled,
  kNotFound,
  kRepoNotFound,
  kRevisionNotFound,
  kEntryNotFound,
  kGatedRepo,
  kMethodNotAllowed,
  kConflict,
  kPreconditionFailed,
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kRangeNotSatisfiable,
  kExpectationFailed,
  kUnprocessable,
  kUpgradeRequired,
  kTooManyRequests,
  kHeadersTooLarge,
  kInternal,
  kBadGateway,
  kUnavailable,
  kGatewayTimeout,
};

struct ErrorInfo {
  int status;
  std::string_view name;  // the value of X-Error-Code
};

ErrorInfo error_info(ErrorCode code);

class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorCode code, std::string message, std::string detail = {})
      : std::runtime_error(message), code_(code), message_(std::move(message)), detail_(std::move(detail)) {}

  ErrorCode code() const { return code_; }
  int status() const { return error_info(code_).status; }
  const std::string& message() const { return message_; }
  const std::string& detail() const { return detail_; }

 private:
  ErrorCode code_;
  std::string message_;
  std::string detail_;
};

}  // namespace hub

#include "common/error/api_error.hpp"

namespace hub {

ErrorInfo error_info(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return {400, "BadRequest"};
    case ErrorCode::kUnauthorized:
      return {401, "Unauthorized"};
    case ErrorCode::kInvalidCredentials:
      return {401, "InvalidCredentials"};
    case ErrorCode::kForbidden:
      return {403, "Forbidden"};
    case ErrorCode::kDisabled:
      return {403, "DisabledRepo"};
    case ErrorCode::kNotFound:
      return {404, "NotFound"};
    case ErrorCode::kRepoNotFound:
      return {404, "RepoNotFound"};
    case ErrorCode::kRevisionNotFound:
      return {404, "RevisionNotFound"};
    case ErrorCode::kEntryNotFound:
      return {404, "EntryNotFound"};
    case ErrorCode::kGatedRepo:
      return {403, "GatedRepo"};
    case ErrorCode::kMethodNotAllowed:
      return {405, "MethodNotAllowed"};
    case ErrorCode::kConflict:
      return {409, "Conflict"};
    case ErrorCode::kPreconditionFailed:
      return {412, "PreconditionFailed"};
    case ErrorCode::kPayloadTooLarge:
      return {413, "PayloadTooLarge"};
    case ErrorCode::kUnsupportedMediaType:
      return {415, "UnsupportedMediaType"};
    case ErrorCode::kRangeNotSatisfiable:
      return {416, "RangeNotSatisfiable"};
    case ErrorCode::kExpectationFailed:
      return {417, "ExpectationFailed"};
    case ErrorCode::kUnprocessable:
      return {422, "Unprocessable"};
    case ErrorCode::kUpgradeRequired:
      return {426, "UpgradeRequired"};
    case ErrorCode::kTooManyRequests:
      return {429, "TooManyRequests"};
    case ErrorCode::kHeadersTooLarge:
      return {431, "HeadersTooLarge"};
    case ErrorCode::kInternal:
      return {500, "InternalError"};
    case ErrorCode::kBadGateway:
      return {502, "BadGateway"};
    case ErrorCode::kUnavailable:
      return {503, "ServiceUnavailable"};
    case ErrorCode::kGatewayTimeout:
      return {504, "GatewayTimeout"};
  }
  return {500, "InternalError"};
}

}  // namespace hub

#include "common/http/error_response.hpp"

#include <gtest/gtest.h>

#include "common/json/json.hpp"

namespace hub::http {
namespace {

TEST(ErrorResponse, HubHeadersAndJsonBody) {
  Response r = error_response(ApiError(ErrorCode::kRepoNotFound, "Repository not found", "sql: select ..."), "req-1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("X-Error-Code"), "RepoNotFound");
  EXPECT_EQ(r.headers.get("X-Error-Message"), "Repository not found");
  EXPECT_EQ(r.headers.get("X-Request-Id"), "req-1");
  EXPECT_EQ(r.headers.get("Content-Type"), "application/json");
  auto doc = json::parse(r.body);
  ASSERT_TRUE(doc);
  EXPECT_EQ(std::string(doc.value()["error"].GetString()), "Repository not found");
  EXPECT_EQ(r.body.find("sql"), std::string::npos) << "the detail never reaches the client";
}

TEST(ErrorResponse, StatusForEveryCode) {
  struct Case {
    ErrorCode code;
    int status;
    std::string_view name;
  } cases[] = {
      {ErrorCode::kBadRequest, 400, "BadRequest"},
      {ErrorCode::kUnauthorized, 401, "Unauthorized"},
      {ErrorCode::kForbidden, 403, "Forbidden"},
      {ErrorCode::kDisabled, 403, "DisabledRepo"},
      {ErrorCode::kRepoNotFound, 404, "RepoNotFound"},
      {ErrorCode::kRevisionNotFound, 404, "RevisionNotFound"},
      {ErrorCode::kEntryNotFound, 404, "EntryNotFound"},
      {ErrorCode::kGatedRepo, 403, "GatedRepo"},
      {ErrorCode::kMethodNotAllowed, 405, "MethodNotAllowed"},
      {ErrorCode::kConflict, 409, "Conflict"},
      {ErrorCode::kPreconditionFailed, 412, "PreconditionFailed"},
      {ErrorCode::kPayloadTooLarge, 413, "PayloadTooLarge"},
      {ErrorCode::kUnsupportedMediaType, 415, "UnsupportedMediaType"},
      {ErrorCode::kRangeNotSatisfiable, 416, "RangeNotSatisfiable"},
      {ErrorCode::kTooManyRequests, 429, "TooManyRequests"},
      {ErrorCode::kHeadersTooLarge, 431, "HeadersTooLarge"},
      {ErrorCode::kInternal, 500, "InternalError"},
      {ErrorCode::kBadGateway, 502, "BadGateway"},
      {ErrorCode::kUnavailable, 503, "ServiceUnavailable"},
      {ErrorCode::kGatewayTimeout, 504, "GatewayTimeout"},
  };
  for (const auto& c : cases) {
    Response r = error_response(c.code, "m", "");
    EXPECT_EQ(r.status, c.status) << c.name;
    EXPECT_EQ(r.headers.get("X-Error-Code"), c.name);
  }
}

TEST(ErrorResponse, UnavailableSaysWhenToComeBack) {
  EXPECT_EQ(error_response(ErrorCode::kUnavailable, "database unavailable", "r").headers.get("Retry-After"), "1");
  EXPECT_FALSE(error_response(ErrorCode::kBadRequest, "no", "r").headers.has("Retry-After"));
}

TEST(ErrorResponse, MessageIsHeaderSafe) {
  Response r = error_response(ErrorCode::kBadRequest, "line one\r\nX-Injected: yes", "id");
  EXPECT_EQ(r.headers.get("X-Error-Message").find('\n'), std::string::npos);
  EXPECT_EQ(r.headers.get("X-Error-Message").find('\r'), std::string::npos);
  auto doc = json::parse(r.body);
  ASSERT_TRUE(doc);
  EXPECT_EQ(std::string(doc.value()["error"].GetString()), "line one\r\nX-Injected: yes");
}

TEST(ErrorResponse, ResultOrThrowBecomesBadRequest) {
  Result<int> bad = fail("field 'name' is required");
  try {
    std::move(bad).or_throw();
    FAIL() << "expected ApiError";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.message(), "field 'name' is required");
  }
}

}  // namespace
}  // namespace hub::http

#include "common/service/peer_answer.hpp"

#include <optional>
#include <string>

#include "common/error/api_error.hpp"

namespace hub::service {
namespace {

// The code a peer's X-Error-Code names, for a status it may relay; nullopt for anything else.
std::optional<ErrorCode> relayable(int status, std::string_view name) {
  if (status < 400 || status >= 500 || status == 401 || status == 429) return std::nullopt;
  for (int c = 0; c <= static_cast<int>(ErrorCode::kGatewayTimeout); ++c) {
    const auto code = static_cast<ErrorCode>(c);
    const ErrorInfo info = error_info(code);
    if (info.status == status && info.name == name) return code;
  }
  for (int c = 0; c <= static_cast<int>(ErrorCode::kGatewayTimeout); ++c) {
    const auto code = static_cast<ErrorCode>(c);
    if (error_info(code).status == status) return code;
  }
  return std::nullopt;
}

}  // namespace

void expect_success(const http::ClientResponse& r, std::string_view peer, std::string_view what) {
  if (r.status >= 200 && r.status < 300) return;
  const std::string detail = std::string(what) + ": " + std::string(peer) + " answered " + std::to_string(r.status) +
                             " " + r.body.substr(0, 200);
  if (auto code = relayable(r.status, r.headers.get("X-Error-Code"))) {
    std::string message;
    if (auto doc = json::parse_object(r.body)) {
      if (auto e = json::get_optional_string(doc.value(), "error"); e.ok() && e.value()) message = *e.value();
    }
    if (message.empty()) message = std::string(r.headers.get("X-Error-Message"));
    if (message.empty()) message = error_info(*code).name;
    throw ApiError(*code, message, detail);
  }
  throw ApiError(ErrorCode::kUnavailable, std::string(peer) + " is unavailable; retry shortly", detail);
}

json::Document peer_json(const http::ClientResponse& r, std::string_view peer, std::string_view what) {
  expect_success(r, peer, what);
  auto doc = json::parse_object(r.body);
  if (!doc) {
    throw ApiError(ErrorCode::kUnavailable, std::string(peer) + " is unavailable; retry shortly",
                   std::string(what) + ": a malformed answer");
  }
  return std::move(doc.value());
}

}  // namespace hub::service

#include "services/repos/domain/commit_status.hpp"

#include <cmath>

#include "common/error/api_error.hpp"

namespace hub::repos {
namespace {

bool valid_url(std::string_view url) {
  return (url.starts_with("https://") || url.starts_with("http://")) && url.size() <= 2000 &&
         url.find_first_of(" \t\r\n\"<>") == std::string_view::npos;
}

}  // namespace

CommitStatus parse_commit_status(const json::Value& body) {
  CommitStatus s;
  s.state = std::string(json::get_string(body, "state").or_throw());
  s.context = std::string(json::get_optional_string(body, "context").or_throw().value_or("default"));
  s.description = std::string(json::get_optional_string(body, "description").or_throw().value_or(""));
  s.target_url = std::string(json::get_optional_string(body, "targetUrl").or_throw().value_or(""));
  if (s.state != "pending" && s.state != "success" && s.state != "failure" && s.state != "error") {
    throw ApiError(ErrorCode::kBadRequest, "state is pending, success, failure or error");
  }
  if (s.context.empty() || s.context.size() > 255) {
    throw ApiError(ErrorCode::kBadRequest, "context has 1 to 255 characters");
  }
  if (s.description.size() > 1000) throw ApiError(ErrorCode::kBadRequest, "description has at most 1000 characters");
  if (!s.target_url.empty() && !valid_url(s.target_url)) {
    throw ApiError(ErrorCode::kBadRequest, "targetUrl is an http(s) URL");
  }
  if (const json::Value* m = json::find(body, "metrics")) {
    if (!m->IsObject() || m->MemberCount() > 100) {
      throw ApiError(ErrorCode::kBadRequest, "metrics is {name: number}, at most 100");
    }
    for (const auto& [k, v] : m->GetObject()) {
      if (k.GetStringLength() == 0 || k.GetStringLength() > 255 || !v.IsNumber() || !std::isfinite(v.GetDouble())) {
        throw ApiError(ErrorCode::kBadRequest, "metrics is {name: number}");
      }
    }
    json::Writer w;
    w.raw_value(*m);
    s.metrics_json = w.str();
  }
  return s;
}

std::string_view combined_state(const std::vector<CommitStatus>& latest_per_context) {
  std::string_view combined = latest_per_context.empty() ? "pending" : "success";
  for (const auto& s : latest_per_context) {
    if (s.state == "failure" || s.state == "error") {
      combined = "failure";
    } else if (s.state == "pending" && combined == "success") {
      combined = "pending";
    }
  }
  return combined;
}

}  // namespace hub::repos

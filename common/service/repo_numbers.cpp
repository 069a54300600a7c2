#include "common/service/repo_numbers.hpp"

#include "common/error/api_error.hpp"
#include "common/json/json.hpp"

namespace hub::service {

std::int64_t next_repo_number(const Peer& repos, const std::string& repo_id, std::string_view request_id) {
  auto r = repos.call("POST", "/internal/repos/" + repo_id + "/numbers", {}, request_id);
  if (r.status == 404) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  auto doc = json::parse_object(r.body);
  if (r.status != 200 || !doc) {
    throw ApiError(ErrorCode::kUnavailable, "repos is unavailable; retry shortly",
                   "next number: repos answered " + std::to_string(r.status));
  }
  const auto num = json::get_int(doc.value(), "num");
  if (!num || *num <= 0) throw ApiError(ErrorCode::kUnavailable, "repos is unavailable; retry shortly", "bad number");
  return *num;
}

}  // namespace hub::service

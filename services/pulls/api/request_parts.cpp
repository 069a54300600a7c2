#include "services/pulls/api/request_parts.hpp"

#include <string>

#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"

namespace hub::pulls {

std::int64_t pull_number(const http::Request& req) {
  const auto num = util::parse_int(req.param("num"));
  if (!num || *num <= 0) throw ApiError(ErrorCode::kNotFound, "no such pull request in this repo");
  return *num;
}

std::int64_t bounded_query(const http::Request& req, std::string_view name, std::int64_t fallback, std::int64_t min,
                           std::int64_t max) {
  auto text = req.query_param(name);
  if (!text) return fallback;
  auto v = util::parse_int(*text);
  if (!v || *v < min || *v > max) {
    throw ApiError(ErrorCode::kBadRequest,
                   std::string(name) + " is a number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return *v;
}

}  // namespace hub::pulls

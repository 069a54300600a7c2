#pragma once
// What every pulls handler reads off a request the same way: the pull request's number, and
// bounded integers of the query.
#include <cstdint>
#include <string_view>

#include "common/http/message.hpp"

namespace hub::pulls {

// 404 for a number that cannot be a thread's.
std::int64_t pull_number(const http::Request& req);
// The query parameter within [min, max], `fallback` when absent; 400 otherwise.
std::int64_t bounded_query(const http::Request& req, std::string_view name, std::int64_t fallback, std::int64_t min,
                           std::int64_t max);

}  // namespace hub::pulls

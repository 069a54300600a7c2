#pragma once
// How the repos service writes times and commit authors, as the Hub does.
#include <cstdint>
#include <string>
#include <string_view>

namespace hub::repos {

// RFC 3339 UTC with milliseconds, as the Hub writes commit dates.
std::string iso_time(std::int64_t unix_seconds);

// The e-mail of commits a caller makes through the API (the hub knows no users' addresses).
std::string author_email(std::string_view user_name);

}  // namespace hub::repos

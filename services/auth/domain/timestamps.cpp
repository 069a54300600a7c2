// RFC 3339 parsing with the C library's calendar (timegm), so no time zone database is involved.
#include "services/auth/domain/timestamps.hpp"

#include <cctype>
#include <ctime>
#include <string>

namespace hub::auth {

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  std::tm tm{};
  const std::string s(text);
  const char* rest = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return std::nullopt;
  if (*rest == '.') {
    ++rest;
    if (!std::isdigit(static_cast<unsigned char>(*rest))) return std::nullopt;
    while (std::isdigit(static_cast<unsigned char>(*rest)))
      ++rest;
  }
  if (std::string_view(rest) != "Z" && std::string_view(rest) != "+00:00") return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace hub::auth

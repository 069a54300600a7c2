#pragma once
// Times as the API writes them: RFC 3339, UTC only.
#include <cstdint>
#include <optional>
#include <string_view>

namespace hub::auth {

// "2026-12-31T23:59:59Z" (fraction allowed, UTC only: `Z` or `+00:00`) as unix seconds.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace hub::auth

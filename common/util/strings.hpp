#pragma once
// Small string helpers shared by parsers and handlers; nothing here allocates unless it returns a string.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hub::util {

bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);
std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
// Parses a whole decimal string into an unsigned integer; nullopt on anything else or overflow.
std::optional<std::uint64_t> parse_uint(std::string_view s);
std::optional<std::int64_t> parse_int(std::string_view s);
// A full git commit id as the hub writes them: 40 lower-case hex digits.
bool is_commit_sha(std::string_view s);
// Lower-case hex of bytes.
std::string hex(std::string_view bytes);
// Removes CR, LF and other control characters so a value is safe inside an HTTP header.
std::string header_safe(std::string_view s, std::size_t max_len = 1024);

}  // namespace hub::util

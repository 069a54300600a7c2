#pragma once
// Percent-decoding and query strings.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hub::http {

// Decodes %XX escapes (and '+' as a space when `plus_is_space`). nullopt on a malformed escape or an
// encoded NUL, which no path or parameter may contain.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

std::string percent_encode(std::string_view text, bool keep_slash = false);
// percent_encode() appended to `out`, without a string of its own.
void percent_encode_to(std::string& out, std::string_view text, bool keep_slash = false);

// `a=1&b=x%20y&a=2` -> {{a,1},{b,"x y"},{a,2}}; malformed pairs are skipped.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace hub::http

#include "common/util/text.hpp"

#include <algorithm>
#include <cctype>

#include "common/util/strings.hpp"
#include "common/util/utf8.hpp"

namespace hub::util {

std::size_t utf8_chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

Result<std::string> checked_line(std::string_view field, std::string_view text, std::size_t max_chars) {
  const std::string trimmed(trim(text));
  const bool blank = std::all_of(trimmed.begin(), trimmed.end(),
                                 [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
  if (blank) return fail(std::string(field) + " is empty");
  if (!valid_utf8(trimmed)) return fail(std::string(field) + " is not UTF-8");
  if (utf8_chars(trimmed) > max_chars) {
    return fail(std::string(field) + " is longer than " + std::to_string(max_chars) + " characters");
  }
  if (std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return c == '\n' || c == '\r' || c == '\0'; })) {
    return fail(std::string(field) + " is one line");
  }
  return trimmed;
}

}  // namespace hub::util

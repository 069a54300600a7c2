#pragma once
// Checks of the short texts people write (a title, a name), shared by the services that store them:
// counted in characters, not bytes, and refused with a message that names the field.
#include <cstddef>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace hub::util {

// Characters of UTF-8 text (continuation bytes start none).
std::size_t utf8_chars(std::string_view s);

// One line: trimmed, then not empty, UTF-8, at most `max_chars` characters, without a line break or
// NUL; else a 400 message naming `field` ("title is empty", "title is one line", …).
Result<std::string> checked_line(std::string_view field, std::string_view text, std::size_t max_chars);

}  // namespace hub::util

#pragma once
// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing past U+10FFFF. Names and
// paths from outside are checked with it; logs escape what fails it so every line stays valid JSON.
#include <cstddef>
#include <string>
#include <string_view>

namespace hub::util {

// The length of the valid sequence starting at s[i], or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);
bool valid_utf8(std::string_view s);
// `s` with each byte that does not belong to a valid sequence written as the four characters \xNN;
// valid text (all of it, usually) comes back unchanged.
std::string escape_invalid_utf8(std::string_view s);

}  // namespace hub::util

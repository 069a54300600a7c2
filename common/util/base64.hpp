#pragma once
// Base64 (RFC 4648, with padding) through OpenSSL: commit lines carry file contents this way.
#include <optional>
#include <string>
#include <string_view>

namespace hub::util {

// nullopt for anything that is not canonical base64 (wrong length, stray characters).
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace hub::util

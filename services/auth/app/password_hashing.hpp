#pragma once
// Passwords: Argon2id through libsodium at its "interactive" limits. A hash costs 64 MiB and tens of
// milliseconds on purpose, so at most two run at once in a process and two more callers may wait
// (domain/hashing_gate.hpp): a burst of logins neither exhausts memory nor holds the workers that token
// introspection needs; the rest are told to retry (ApiError kUnavailable).
#include <string>
#include <string_view>

namespace hub::auth {

// libsodium's self-describing string (algorithm, limits, salt, hash).
std::string hash_password(std::string_view password);
// Constant-time comparison inside libsodium; false for a malformed stored hash too.
bool verify_password(const std::string& stored_hash, std::string_view password);

}  // namespace hub::auth

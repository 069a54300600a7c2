#pragma once
// What an account's fields must look like (names follow common/domain/names.hpp). Each check throws
// the ApiError the client sees.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hub::auth {

constexpr std::size_t kMinPasswordLength = 8;
constexpr std::size_t kMaxPasswordLength = 1024;

// The address as given, when it is one (one `@`, no blanks or control characters, at most 254).
std::string checked_email(std::string_view email);
void check_password(std::string_view password);
// A user's or an org's full name, when given: at most 200 characters.
void check_fullname(const std::optional<std::string_view>& fullname);

}  // namespace hub::auth

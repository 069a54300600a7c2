// Account field rules.
#include "services/auth/domain/account_rules.hpp"

#include "common/error/api_error.hpp"

namespace hub::auth {

std::string checked_email(std::string_view email) {
  const auto at = email.find('@');
  if (email.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 >= email.size() ||
      email.find('@', at + 1) != std::string_view::npos) {
    throw ApiError(ErrorCode::kBadRequest, "email is not a valid address");
  }
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f) {
      throw ApiError(ErrorCode::kBadRequest, "email is not a valid address");
    }
  }
  return std::string(email);
}

void check_password(std::string_view password) {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    throw ApiError(ErrorCode::kBadRequest, "a password has 8 to 1024 characters");
  }
}

void check_fullname(const std::optional<std::string_view>& fullname) {
  if (fullname && fullname->size() > 200) throw ApiError(ErrorCode::kBadRequest, "fullname has at most 200 characters");
}

}  // namespace hub::auth

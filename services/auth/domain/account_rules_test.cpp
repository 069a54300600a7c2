#include "services/auth/domain/account_rules.hpp"

#include <gtest/gtest.h>

#include "common/error/api_error.hpp"

namespace hub::auth {

TEST(AccountRules, EmailsHaveOneAtWithTextOnBothSidesAndNoBlanks) {
  EXPECT_EQ(checked_email("ada@example.org"), "ada@example.org");
  EXPECT_THROW(checked_email("ada"), ApiError);
  EXPECT_THROW(checked_email("@example.org"), ApiError);
  EXPECT_THROW(checked_email("ada@"), ApiError);
  EXPECT_THROW(checked_email("a@b@c"), ApiError);
  EXPECT_THROW(checked_email("ada lovelace@example.org"), ApiError);
  EXPECT_THROW(checked_email(std::string(250, 'a') + "@b.cd"), ApiError);
}

TEST(AccountRules, PasswordsHave8To1024CharactersAndFullNamesAtMost200) {
  EXPECT_THROW(check_password("1234567"), ApiError);
  EXPECT_NO_THROW(check_password("12345678"));
  EXPECT_NO_THROW(check_password(std::string(kMaxPasswordLength, 'x')));
  EXPECT_THROW(check_password(std::string(kMaxPasswordLength + 1, 'x')), ApiError);
  EXPECT_NO_THROW(check_fullname(std::nullopt));
  const std::string long_name(201, 'x');
  EXPECT_NO_THROW(check_fullname(std::string_view(long_name).substr(1)));
  EXPECT_THROW(check_fullname(std::string_view(long_name)), ApiError);
}

}  // namespace hub::auth

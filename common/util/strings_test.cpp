#include "common/util/strings.hpp"

#include <gtest/gtest.h>

namespace hub::util {
namespace {

TEST(Strings, ACommitShaIsFortyLowerCaseHexDigits) {
  EXPECT_TRUE(is_commit_sha("0123456789abcdef0123456789abcdef01234567"));
  EXPECT_FALSE(is_commit_sha("0123456789ABCDEF0123456789abcdef01234567"));
  EXPECT_FALSE(is_commit_sha("0123456789abcdef0123456789abcdef0123456"));
  EXPECT_FALSE(is_commit_sha("0123456789abcdef0123456789abcdef0123456g"));
  EXPECT_FALSE(is_commit_sha(""));
}

}  // namespace
}  // namespace hub::util

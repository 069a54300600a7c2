#include "services/auth/domain/member_roles.hpp"

#include <gtest/gtest.h>

namespace hub::auth {

TEST(MemberRoles, TheFourRolesAreAssignableAndNothingElse) {
  EXPECT_EQ(parse_assignable_role("read"), access::MemberRole::kRead);
  EXPECT_EQ(parse_assignable_role("contributor"), access::MemberRole::kContributor);
  EXPECT_EQ(parse_assignable_role("write"), access::MemberRole::kWrite);
  EXPECT_EQ(parse_assignable_role("admin"), access::MemberRole::kAdmin);
  EXPECT_FALSE(parse_assignable_role(""));
  EXPECT_FALSE(parse_assignable_role("none"));
  EXPECT_FALSE(parse_assignable_role("Admin"));
  EXPECT_FALSE(parse_assignable_role("owner"));
}

}  // namespace hub::auth

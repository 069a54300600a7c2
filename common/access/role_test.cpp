#include "common/access/role.hpp"

#include <gtest/gtest.h>

namespace hub::access {
namespace {

TEST(Role, IsOrderedByWhatItAllows) {
  EXPECT_LT(Role::kNone, Role::kRead);
  EXPECT_LT(Role::kRead, Role::kWrite);
  EXPECT_LT(Role::kWrite, Role::kAdmin);
  EXPECT_TRUE(Role::kAdmin >= Role::kWrite);
}

TEST(Role, NamesRoundTripAndUnknownNamesAreRefused) {
  for (const Role r : {Role::kNone, Role::kRead, Role::kWrite, Role::kAdmin}) {
    EXPECT_EQ(parse_role(role_name(r)), r);
  }
  EXPECT_EQ(parse_role("contributor"), std::nullopt);  // a membership role, not a repo role
  EXPECT_EQ(parse_role("Admin"), std::nullopt);
  EXPECT_EQ(parse_role(""), std::nullopt);
}

TEST(MemberRole, NamesRoundTripWithEmptyMeaningNotAMember) {
  EXPECT_EQ(parse_member_role(""), MemberRole::kNone);
  for (const MemberRole r : {MemberRole::kRead, MemberRole::kContributor, MemberRole::kWrite, MemberRole::kAdmin}) {
    EXPECT_EQ(parse_member_role(member_role_name(r)), r);
  }
  EXPECT_EQ(parse_member_role("owner"), std::nullopt);
}

TEST(MemberRole, AContributorWritesOnlyWhatItCreated) {
  EXPECT_EQ(granted_by(MemberRole::kContributor, true), Role::kWrite);
  EXPECT_EQ(granted_by(MemberRole::kContributor, false), Role::kRead);
  EXPECT_EQ(granted_by(MemberRole::kRead, true), Role::kRead);
  EXPECT_EQ(granted_by(MemberRole::kWrite, false), Role::kWrite);
  EXPECT_EQ(granted_by(MemberRole::kAdmin, false), Role::kAdmin);
  EXPECT_EQ(granted_by(MemberRole::kNone, true), Role::kNone);
}

}  // namespace
}  // namespace hub::access

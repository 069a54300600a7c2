#include "services/auth/domain/token_kinds.hpp"

#include <gtest/gtest.h>

namespace hub::auth {

TEST(TokenKinds, RolesParseOnlyFromTheirExactWordsAndNameThemselvesBack) {
  for (TokenRole role : {TokenRole::kRead, TokenRole::kWrite, TokenRole::kFineGrained}) {
    EXPECT_EQ(parse_token_role(token_role_name(role)), role);
  }
  EXPECT_FALSE(parse_token_role(""));
  EXPECT_FALSE(parse_token_role("Write"));
  EXPECT_FALSE(parse_token_role("admin"));
  EXPECT_FALSE(parse_token_role("finegrained"));
}

TEST(TokenKinds, OnlySessionsAndWriteTokensWriteAndFineGrainedOnesNeedOrgWriteForOrgs) {
  EXPECT_TRUE((TokenReach{"session", "write", "[]"}.writes()));
  EXPECT_TRUE((TokenReach{"access", "write", "[]"}.writes()));
  EXPECT_FALSE((TokenReach{"access", "read", "[]"}.writes()));
  EXPECT_FALSE((TokenReach{"access", "fineGrained", "[]"}.writes()));

  EXPECT_TRUE((TokenReach{"session", "write", "[]"}.changes_orgs()));
  EXPECT_FALSE((TokenReach{"access", "read", R"(["org.write"])"}.changes_orgs()));
  const std::string org_write = R"([{"entity":{"type":"org","name":"acme"},"permissions":["org.write"]}])";
  EXPECT_TRUE((TokenReach{"access", "fineGrained", org_write}.changes_orgs()));
  const std::string org_read = R"([{"entity":{"type":"org","name":"acme"},"permissions":["org.read"]}])";
  EXPECT_FALSE((TokenReach{"access", "fineGrained", org_read}.changes_orgs()));
}

}  // namespace hub::auth

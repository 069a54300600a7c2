#include "services/auth/decide.hpp"

#include <gtest/gtest.h>

namespace hub::auth_service {

TEST(Decide, OwnershipOrgRolesVisibilityAndTokenReach) {
  RepoFacts pub{"acme", "bert", "model", false, false};
  RepoFacts priv{"acme", "bert", "model", true, false};
  CallerFacts anonymous;
  EXPECT_EQ(effective_role(pub, anonymous), Role::kRead);
  EXPECT_EQ(effective_role(priv, anonymous), Role::kNone);

  CallerFacts contributor{true, false, "contributor", "write", "[]"};
  EXPECT_EQ(effective_role(priv, contributor), Role::kRead);
  RepoFacts own_priv = priv;
  own_priv.creator_is_caller = true;
  EXPECT_EQ(effective_role(own_priv, contributor), Role::kWrite);

  CallerFacts admin_with_read_token{true, false, "admin", "read", "[]"};
  EXPECT_EQ(effective_role(priv, admin_with_read_token), Role::kRead);

  CallerFacts scoped_elsewhere{true, false, "write", "fineGrained",
                               R"([{"entity":{"type":"model","name":"other/repo"},"permissions":["repo.write"]}])"};
  EXPECT_EQ(effective_role(priv, scoped_elsewhere), Role::kNone);
  EXPECT_EQ(effective_role(pub, scoped_elsewhere), Role::kRead);
  CallerFacts scoped_org{true, false, "write", "fineGrained",
                         R"([{"entity":{"type":"org","name":"ACME"},"permissions":["repo.write"]}])"};
  EXPECT_EQ(effective_role(priv, scoped_org), Role::kWrite);
}

}  // namespace hub::auth_service

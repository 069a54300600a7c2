#include "services/notifications/domain/hook_access.hpp"

#include <gtest/gtest.h>

namespace hub::notifications {
namespace {

TEST(HookAccess, PublicReposReachEveryone) {
  EXPECT_TRUE(hook_may_receive("user", "ada", "acme", true, false));
  EXPECT_TRUE(hook_may_receive("org", "beta", "acme", true, false));
}

TEST(HookAccess, APrivateRepoReachesReadersAndItsOwnOrg) {
  EXPECT_TRUE(hook_may_receive("user", "ada", "acme", false, true));
  EXPECT_FALSE(hook_may_receive("user", "ada", "acme", false, false)) << "lost access: nothing more";
  EXPECT_TRUE(hook_may_receive("org", "Acme", "acme", false, false)) << "the org's own repo";
  EXPECT_FALSE(hook_may_receive("org", "beta", "acme", false, true)) << "never another namespace's private repo";
}

TEST(HookAccess, ADeletedPrivateRepoTellsOnlyItsOwner) {
  EXPECT_TRUE(hook_may_receive_deletion("ada", "acme", true));
  EXPECT_TRUE(hook_may_receive_deletion("acme", "ACME", false));
  EXPECT_FALSE(hook_may_receive_deletion("ada", "acme", false));
}

}  // namespace
}  // namespace hub::notifications

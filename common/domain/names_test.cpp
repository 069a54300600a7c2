#include "common/domain/names.hpp"

#include <gtest/gtest.h>

namespace hub::domain {

TEST(Names, AccountNames) {
  EXPECT_TRUE(check_account_name("alice").ok());
  EXPECT_TRUE(check_account_name("acme-ml_team2").ok());
  EXPECT_FALSE(check_account_name("a").ok());
  EXPECT_FALSE(check_account_name(std::string(43, 'a')).ok());
  EXPECT_FALSE(check_account_name("-alice").ok());
  EXPECT_FALSE(check_account_name("al--ice").ok());
  EXPECT_FALSE(check_account_name("al ice").ok());
  EXPECT_FALSE(check_account_name("alice'; DROP TABLE users;--").ok());
  EXPECT_FALSE(check_account_name("\xd0\xb0lice").ok());  // Cyrillic a: a confusable
  EXPECT_FALSE(check_account_name("Models").ok());
  EXPECT_FALSE(check_account_name("settings").ok());
  EXPECT_FALSE(check_account_name("x.git").ok());
}

TEST(Names, RepoNames) {
  EXPECT_TRUE(check_repo_name("bert-base.v2").ok());
  EXPECT_FALSE(check_repo_name("").ok());
  EXPECT_FALSE(check_repo_name("..").ok());
  EXPECT_FALSE(check_repo_name("a/b").ok());
  EXPECT_FALSE(check_repo_name("model.git").ok());
  EXPECT_FALSE(check_repo_name(".hidden").ok());
  EXPECT_FALSE(check_repo_name("api").ok());
}

TEST(Names, ReservedNamesMayStillBeNamespaces) {
  // The first administrator is `admin`: nobody may sign up as it, yet its repos have a namespace.
  EXPECT_FALSE(check_account_name("admin").ok());
  EXPECT_TRUE(check_namespace("admin").ok());
  EXPECT_FALSE(check_namespace("a--b").ok());
  EXPECT_FALSE(check_namespace("x").ok());
}

}  // namespace hub::domain

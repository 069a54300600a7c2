#include "services/auth/domain/token_format.hpp"

#include <gtest/gtest.h>

namespace hub::auth {

TEST(TokenFormat, PlausibleSecretsLookLikeOursAndNothingElseIsLookedUp) {
  EXPECT_TRUE(plausible_secret("hf_" + std::string(kSecretLength, 'a')));
  EXPECT_TRUE(plausible_secret("hf_abcDEF_0123"));
  EXPECT_FALSE(plausible_secret("hf_short"));
  EXPECT_FALSE(plausible_secret("xx_" + std::string(kSecretLength, 'a')));
  EXPECT_FALSE(plausible_secret("hf_" + std::string(98, 'a')));
  EXPECT_FALSE(plausible_secret("hf_abcdefgh ij"));
  EXPECT_FALSE(plausible_secret("hf_abcdefgh-ij"));
}

TEST(TokenFormat, TheDigestIsTheRawSha256) {
  EXPECT_EQ(secret_digest("hf_x").size(), 32U);
  EXPECT_EQ(secret_digest("hf_x"), secret_digest("hf_x"));
  EXPECT_NE(secret_digest("hf_x"), secret_digest("hf_y"));
}

}  // namespace hub::auth

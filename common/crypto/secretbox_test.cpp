#include "common/crypto/secretbox.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "common/util/base64.hpp"

namespace hub::crypto {
namespace {

SecretKey key(std::string id, unsigned char fill) {
  SecretKey k{std::move(id), {}};
  k.key.fill(fill);
  return k;
}

TEST(SecretBox, RoundTripsAndNeverRepeatsANonce) {
  SecretBox box({key("k1", 1)});
  static constexpr char kRaw[] = "whsec_c2VjcmV0IGJ5dGVz\0with a NUL";
  const std::string secret(kRaw, sizeof kRaw - 1);
  const Sealed a = box.seal(secret);
  const Sealed b = box.seal(secret);
  EXPECT_EQ(a.key_id, "k1");
  EXPECT_EQ(a.nonce.size(), 24u);
  EXPECT_EQ(a.ciphertext.size(), secret.size() + 16);
  EXPECT_EQ(a.ciphertext.find(secret), std::string::npos);
  EXPECT_NE(a.nonce, b.nonce);
  EXPECT_NE(a.ciphertext, b.ciphertext);
  EXPECT_EQ(box.open(a), secret);
  EXPECT_EQ(box.open(b), secret);
  EXPECT_EQ(box.open(box.seal("")), "");
}

TEST(SecretBox, AnotherKeyOpensNothing) {
  const Sealed sealed = SecretBox({key("k1", 1)}).seal("hook secret");
  // The same id with other bytes (a misconfigured replica) and an unknown id both fail cleanly.
  EXPECT_FALSE(SecretBox({key("k1", 2)}).open(sealed));
  EXPECT_FALSE(SecretBox({key("k2", 1)}).open(sealed));
}

TEST(SecretBox, TamperingIsDetected) {
  SecretBox box({key("k1", 1)});
  const Sealed sealed = box.seal("hook secret");
  for (std::size_t i = 0; i < sealed.ciphertext.size(); ++i) {
    Sealed bad = sealed;
    bad.ciphertext[i] = static_cast<char>(bad.ciphertext[i] ^ 0x01);
    EXPECT_FALSE(box.open(bad)) << "byte " << i;
  }
  Sealed nonce = sealed;
  nonce.nonce[0] = static_cast<char>(nonce.nonce[0] ^ 0x80);
  EXPECT_FALSE(box.open(nonce));
  Sealed truncated = sealed;
  truncated.ciphertext.pop_back();
  EXPECT_FALSE(box.open(truncated));
  Sealed short_nonce = sealed;
  short_nonce.nonce.pop_back();
  EXPECT_FALSE(box.open(short_nonce));
  EXPECT_FALSE(box.open(Sealed{"k1", std::string(24, 'n'), "short"}));
}

TEST(SecretBox, RotationSealsWithTheFirstAndOpensWithAny) {
  const Sealed old_value = SecretBox({key("2024", 1)}).seal("old");
  SecretBox rotated({key("2025", 2), key("2024", 1)});
  EXPECT_EQ(rotated.current_key_id(), "2025");
  EXPECT_EQ(rotated.open(old_value), "old");
  const Sealed resealed = rotated.seal(*rotated.open(old_value));
  EXPECT_EQ(resealed.key_id, "2025");
  // Once the old key is dropped, only what was sealed again opens.
  SecretBox retired({key("2025", 2)});
  EXPECT_FALSE(retired.open(old_value));
  EXPECT_EQ(retired.open(resealed), "old");
}

TEST(SecretBox, RefusesBadKeySets) {
  EXPECT_THROW(SecretBox(std::vector<SecretKey>{}), std::invalid_argument);
  EXPECT_THROW(SecretBox({key("a", 1), key("a", 2)}), std::invalid_argument);
  EXPECT_THROW(SecretBox({key("has:colon", 1)}), std::invalid_argument);
  EXPECT_THROW(SecretBox({key("", 1)}), std::invalid_argument);
}

TEST(SecretBox, TextFormRoundTrips) {
  SecretBox box({key("k-1.a_b", 7)});
  const Sealed sealed = box.seal("s3cret");
  const std::string text = to_text(sealed);
  EXPECT_TRUE(text.starts_with("sb1:k-1.a_b:")) << text;
  auto back = sealed_from_text(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(box.open(*back), "s3cret");
  for (const char* bad :
       {"", "sb1:", "sb1:k1:AAAA", "sb2:k1:AAAA:AAAA", "sb1:k1:!!!!:AAAA", "sb1::AAAA:AAAA", "sb1:k1:AAAA:AAAA:AAAA"}) {
    EXPECT_FALSE(sealed_from_text(bad)) << bad;
  }
}

TEST(SecretKeys, ParsesTheConfiguredList) {
  const std::string k1 = util::base64_encode(std::string(32, '\x01'));
  const std::string k2 = util::base64_encode(std::string(32, '\x02'));
  auto keys = parse_secret_keys("new:" + k2 + ", old:" + k1);
  ASSERT_TRUE(keys) << keys.error();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].id, "new");
  EXPECT_EQ((*keys)[0].key[31], 2);
  EXPECT_EQ((*keys)[1].id, "old");
  EXPECT_EQ((*keys)[1].key[0], 1);

  const std::string short_key = util::base64_encode(std::string(16, 'x'));
  const std::vector<std::string> bad_lists = {"",
                                              "k1",
                                              "k1:" + short_key,
                                              "k1:not base64",
                                              ":" + k1,
                                              "a b:" + k1,
                                              "k1:" + k1 + ",k1:" + k2,
                                              "k1:" + k1 + ",",
                                              "d-1234abcd:" + k1};
  for (const std::string& bad : bad_lists) {
    auto parsed = parse_secret_keys(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().find(k1), std::string::npos) << "never echoes key material: " << parsed.error();
  }
}

TEST(SecretKeys, DerivedKeysDependOnSecretAndContext) {
  const std::string secret(40, 's');
  const SecretKey a = derive_secret_key(secret, "webhook-secrets");
  const SecretKey again = derive_secret_key(secret, "webhook-secrets");
  EXPECT_EQ(a.key, again.key);
  EXPECT_EQ(a.id, again.id);
  EXPECT_TRUE(a.id.starts_with("d-"));
  EXPECT_EQ(a.id.size(), 10u);
  const SecretKey other_context = derive_secret_key(secret, "cursors");
  const SecretKey other_secret = derive_secret_key(std::string(40, 't'), "webhook-secrets");
  EXPECT_NE(a.key, other_context.key);
  EXPECT_NE(a.key, other_secret.key);
  EXPECT_NE(a.id, other_secret.id);
  // The current internal secret's key seals; the previous one's still opens.
  const Sealed before = SecretBox({other_secret}).seal("v");
  SecretBox both({a, other_secret});
  EXPECT_EQ(both.open(before), "v");
}

}  // namespace
}  // namespace hub::crypto

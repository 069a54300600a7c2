// HmacKey computes from copied keyed states what OpenSSL's one-shot HMAC computes; checked over keys
// shorter than, as long as and longer than a SHA-256 block, and messages fed whole or in pieces.
#include "common/crypto/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/util/strings.hpp"

namespace hub::crypto {
namespace {

std::string pattern(std::size_t n, char seed) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i)
    s[i] = static_cast<char>(seed + i * 7);
  return s;
}

TEST(HmacKey, MatchesOpenSslHmacForEveryKeyAndMessageLength) {
  for (std::size_t key_length : {0u, 1u, 32u, 63u, 64u, 65u, 200u}) {
    const std::string key = pattern(key_length, 'k');
    const HmacKey keyed(key);
    for (std::size_t length : {0u, 1u, 55u, 56u, 64u, 100u, 1000u}) {
      const std::string message = pattern(length, 'm');
      const std::string expected = hmac_sha256(key, message);
      EXPECT_EQ(util::hex(keyed.sign(message)), util::hex(expected)) << key_length << " " << length;
      // In pieces, and twice from the same key: each stream starts from the keyed state.
      for (int round = 0; round < 2; ++round) {
        HmacKey::Stream s = keyed.stream();
        for (std::size_t at = 0; at < message.size(); at += 13)
          s.update(std::string_view(message).substr(at, 13));
        unsigned char out[32];
        s.finish(out);
        EXPECT_EQ(util::hex(std::string(reinterpret_cast<const char*>(out), sizeof out)), util::hex(expected));
      }
    }
  }
}

TEST(HmacKey, KnownVector) {
  // RFC 4231, test case 2.
  EXPECT_EQ(util::hex(HmacKey("Jefe").sign("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace hub::crypto

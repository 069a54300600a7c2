#pragma once
// Secrets kept at rest (webhook secrets): libsodium's crypto_secretbox (XSalsa20-Poly1305), so a
// database dump or backup alone reveals none of them and a changed byte is detected. Several keys,
// each named by an id stored beside what it sealed: the first seals, every one opens, so keys
// rotate by putting a new one first and dropping the old one once everything has been sealed anew.
//
// Keys come from configuration (parse_secret_keys: HUB_WEBHOOK_SECRET_KEYS) or are derived for one
// purpose from a long secret the service already has (derive_secret_key: HUB_INTERNAL_SECRET).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace hub::crypto {

struct SecretKey {
  std::string id;  // 1 to 32 of [A-Za-z0-9_.-]: stored with every sealed value
  std::array<unsigned char, 32> key{};
};

struct Sealed {
  std::string key_id;
  std::string nonce;       // 24 random bytes, fresh for every seal
  std::string ciphertext;  // 16-byte authenticator, then the encrypted plaintext (raw bytes)
};

class SecretBox {
 public:
  // Throws std::invalid_argument without keys, with an invalid or repeated id.
  explicit SecretBox(std::vector<SecretKey> keys);
  ~SecretBox();  // wipes the keys
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;

  Sealed seal(std::string_view plaintext) const;
  // nullopt when the key id is unknown, or the nonce, ciphertext or key is not the one it was
  // sealed with (tampered, truncated, another key): nothing of a forged value is returned.
  std::optional<std::string> open(const Sealed& sealed) const;

  // The id seal() writes; a stored value with another id is due to be sealed again.
  const std::string& current_key_id() const { return keys_.front().id; }

 private:
  std::vector<SecretKey> keys_;  // the sealing key first
};

// One text form for a column or a file: "sb1:<key id>:<base64 nonce>:<base64 ciphertext>".
std::string to_text(const Sealed& sealed);
std::optional<Sealed> sealed_from_text(std::string_view text);

// "id:<base64 of 32 bytes>[,id:<base64>...]" (HUB_WEBHOOK_SECRET_KEYS; `openssl rand -base64 32`
// makes a key), the sealing key first; ids starting with "d-" are left to derived keys. Errors name
// the entry by position, never echo key material.
Result<std::vector<SecretKey>> parse_secret_keys(std::string_view text);

// A key for `context` (e.g. "webhook-secrets") derived from a long random secret: BLAKE2b keyed by
// a BLAKE2b hash of the secret, over the context. Not a password hash (no stretching): the secret
// must already be strong, as HUB_INTERNAL_SECRET is (32 characters at least). The id is "d-" and
// eight hex digits of a hash of the derived key, so the keys derived from the current and the
// previous internal secret have different ids and both open what they sealed.
SecretKey derive_secret_key(std::string_view secret, std::string_view context);

}  // namespace hub::crypto

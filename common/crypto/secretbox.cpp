#include "common/crypto/secretbox.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "common/util/base64.hpp"
#include "common/util/strings.hpp"

namespace hub::crypto {

namespace {

static_assert(crypto_secretbox_KEYBYTES == 32, "SecretKey::key holds a secretbox key");
constexpr std::string_view kTextPrefix = "sb1:";
constexpr std::string_view kDerivedPrefix = "d-";  // derive_secret_key's ids, kept apart from configured ones

void ensure_sodium() {
  // Thread-safe and idempotent; -1 only when the library cannot start (no entropy source).
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

bool valid_key_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

SecretBox::SecretBox(std::vector<SecretKey> keys) : keys_(std::move(keys)) {
  ensure_sodium();
  if (keys_.empty()) throw std::invalid_argument("a secret box needs at least one key");
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (!valid_key_id(keys_[i].id)) throw std::invalid_argument("secret key " + std::to_string(i + 1) + ": bad id");
    for (std::size_t j = 0; j < i; ++j) {
      if (keys_[j].id == keys_[i].id) throw std::invalid_argument("secret key id repeated: " + keys_[i].id);
    }
  }
}

SecretBox::~SecretBox() {
  for (auto& k : keys_)
    sodium_memzero(k.key.data(), k.key.size());
}

Sealed SecretBox::seal(std::string_view plaintext) const {
  const SecretKey& key = keys_.front();
  Sealed out;
  out.key_id = key.id;
  out.nonce.resize(crypto_secretbox_NONCEBYTES);
  randombytes_buf(out.nonce.data(), out.nonce.size());
  out.ciphertext.resize(crypto_secretbox_MACBYTES + plaintext.size());
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(out.ciphertext.data()), bytes(plaintext), plaintext.size(),
                        bytes(out.nonce), key.key.data());
  return out;
}

std::optional<std::string> SecretBox::open(const Sealed& sealed) const {
  if (sealed.nonce.size() != crypto_secretbox_NONCEBYTES || sealed.ciphertext.size() < crypto_secretbox_MACBYTES) {
    return std::nullopt;
  }
  for (const auto& key : keys_) {
    if (key.id != sealed.key_id) continue;
    std::string plain(sealed.ciphertext.size() - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), bytes(sealed.ciphertext),
                                   sealed.ciphertext.size(), bytes(sealed.nonce), key.key.data()) != 0) {
      return std::nullopt;
    }
    return plain;
  }
  return std::nullopt;
}

std::string to_text(const Sealed& sealed) {
  return std::string(kTextPrefix) + sealed.key_id + ":" + util::base64_encode(sealed.nonce) + ":" +
         util::base64_encode(sealed.ciphertext);
}

std::optional<Sealed> sealed_from_text(std::string_view text) {
  if (!text.starts_with(kTextPrefix)) return std::nullopt;
  const auto parts = util::split(text.substr(kTextPrefix.size()), ':');
  if (parts.size() != 3 || !valid_key_id(parts[0])) return std::nullopt;
  auto nonce = util::base64_decode(parts[1]);
  auto ciphertext = util::base64_decode(parts[2]);
  if (!nonce || !ciphertext) return std::nullopt;
  return Sealed{std::string(parts[0]), std::move(*nonce), std::move(*ciphertext)};
}

Result<std::vector<SecretKey>> parse_secret_keys(std::string_view text) {
  std::vector<SecretKey> keys;
  std::size_t position = 0;
  for (std::string_view entry : util::split(text, ',')) {
    ++position;
    entry = util::trim(entry);
    const std::string where = "key " + std::to_string(position);
    const auto colon = entry.find(':');
    if (colon == std::string_view::npos) return fail(where + ": expected id:<base64 of 32 bytes>");
    const std::string_view id = entry.substr(0, colon);
    if (!valid_key_id(id)) return fail(where + ": the id must be 1 to 32 of A-Z a-z 0-9 _ . -");
    if (id.starts_with(kDerivedPrefix)) return fail(where + ": ids starting with d- name derived keys");
    for (const auto& k : keys) {
      if (k.id == id) return fail(where + ": id " + std::string(id) + " repeated");
    }
    auto raw = util::base64_decode(util::trim(entry.substr(colon + 1)));
    if (!raw || raw->size() != 32) return fail(where + " (" + std::string(id) + "): not the base64 of 32 bytes");
    SecretKey key{std::string(id), {}};
    std::copy(raw->begin(), raw->end(), key.key.begin());
    sodium_memzero(raw->data(), raw->size());
    keys.push_back(std::move(key));
  }
  if (keys.empty()) return fail("no key");
  return keys;
}

SecretKey derive_secret_key(std::string_view secret, std::string_view context) {
  ensure_sodium();
  // The secret may be of any length; BLAKE2b's key at most 64 bytes: its hash is the key.
  unsigned char prk[crypto_generichash_BYTES_MAX];
  crypto_generichash(prk, sizeof prk, bytes(secret), secret.size(), nullptr, 0);
  SecretKey out;
  crypto_generichash(out.key.data(), out.key.size(), bytes(context), context.size(), prk, sizeof prk);
  sodium_memzero(prk, sizeof prk);
  unsigned char tag[crypto_generichash_BYTES_MIN];
  crypto_generichash(tag, sizeof tag, out.key.data(), out.key.size(), nullptr, 0);
  out.id = std::string(kDerivedPrefix) + util::hex(std::string_view(reinterpret_cast<const char*>(tag), 4));
  return out;
}

}  // namespace hub::crypto

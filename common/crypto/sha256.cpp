// OpenSSL 3 marks its low-level SHA-256 calls deprecated in favour of EVP; HmacKey needs them to
// copy a keyed state (see sha256.hpp), which EVP cannot do without allocating.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "common/crypto/sha256.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "common/util/strings.hpp"

namespace hub::crypto {

struct Sha256::Impl {
  EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 initialisation failed");
  }
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(impl_->ctx);
}

void Sha256::update(std::string_view data) {
  if (EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) != 1) throw std::runtime_error("SHA-256 update failed");
}

std::string Sha256::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(impl_->ctx, out, &len) != 1) throw std::runtime_error("SHA-256 finish failed");
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Sha256::finish_hex() {
  return util::hex(finish());
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.finish_hex();
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), out, &len) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

static_assert(sizeof(SHA256_CTX) <= 128 && alignof(SHA256_CTX) <= 8, "HmacKey::Stream::state_ holds a SHA256_CTX");

struct HmacKey::Impl {
  SHA256_CTX inner;  // after absorbing key XOR ipad
  SHA256_CTX outer;  // after absorbing key XOR opad
};

HmacKey::HmacKey(std::string_view key) : impl_(std::make_unique<Impl>()) {
  constexpr std::size_t kBlock = SHA256_CBLOCK;
  unsigned char block[kBlock] = {};
  if (key.size() > kBlock) {
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), block);  // long keys are hashed first
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  unsigned char pad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i)
    pad[i] = block[i] ^ 0x36;
  SHA256_Init(&impl_->inner);
  SHA256_Update(&impl_->inner, pad, kBlock);
  for (std::size_t i = 0; i < kBlock; ++i)
    pad[i] = block[i] ^ 0x5c;
  SHA256_Init(&impl_->outer);
  SHA256_Update(&impl_->outer, pad, kBlock);
  OPENSSL_cleanse(block, sizeof block);
  OPENSSL_cleanse(pad, sizeof pad);
}

HmacKey::~HmacKey() {
  if (impl_) OPENSSL_cleanse(impl_.get(), sizeof(Impl));
}
HmacKey::HmacKey(HmacKey&& other) noexcept = default;

HmacKey::Stream HmacKey::stream() const {
  Stream s;
  std::memcpy(s.state_, &impl_->inner, sizeof(SHA256_CTX));
  s.outer_ = &impl_->outer;
  return s;
}

void HmacKey::Stream::update(std::string_view piece) {
  SHA256_Update(reinterpret_cast<SHA256_CTX*>(state_), piece.data(), piece.size());
}

void HmacKey::Stream::finish(unsigned char (&out)[32]) {
  unsigned char inner_hash[SHA256_DIGEST_LENGTH];
  SHA256_Final(inner_hash, reinterpret_cast<SHA256_CTX*>(state_));
  SHA256_CTX outer = *static_cast<const SHA256_CTX*>(outer_);
  SHA256_Update(&outer, inner_hash, sizeof inner_hash);
  SHA256_Final(out, &outer);
}

std::string HmacKey::sign(std::string_view data) const {
  Stream s = stream();
  s.update(data);
  unsigned char out[32];
  s.finish(out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace hub::crypto

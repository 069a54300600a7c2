#include "common/crypto/sha256.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
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

struct HmacKey::Impl {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* keyed = nullptr;
  std::uint64_t id = 0;  // names this key in the per-thread contexts below (an address could be reused)
  ~Impl() {
    EVP_MAC_CTX_free(keyed);
    EVP_MAC_free(mac);
  }
};

namespace {

// Each thread keeps its own keyed context per key: re-initialising one with the key it already has
// costs nothing, where duplicating the template allocates every time.
struct ThreadContexts {
  std::vector<std::pair<std::uint64_t, EVP_MAC_CTX*>> contexts;
  ~ThreadContexts() {
    for (auto& [id, ctx] : contexts)
      EVP_MAC_CTX_free(ctx);
  }
  EVP_MAC_CTX* get(std::uint64_t id, const EVP_MAC_CTX* keyed) {
    for (auto& [i, ctx] : contexts) {
      if (i == id) return ctx;
    }
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(keyed);
    if (ctx == nullptr) throw std::runtime_error("HMAC failed");
    contexts.emplace_back(id, ctx);
    return ctx;
  }
};

std::atomic<std::uint64_t> g_next_key_id{1};

}  // namespace

HmacKey::HmacKey(std::string_view key) : impl_(std::make_unique<Impl>()) {
  impl_->id = g_next_key_id.fetch_add(1);
  impl_->mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (impl_->mac == nullptr) throw std::runtime_error("HMAC unavailable");
  impl_->keyed = EVP_MAC_CTX_new(impl_->mac);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (impl_->keyed == nullptr ||
      EVP_MAC_init(impl_->keyed, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1) {
    throw std::runtime_error("HMAC key setup failed");
  }
}

HmacKey::~HmacKey() = default;
HmacKey::HmacKey(HmacKey&& other) noexcept = default;

HmacKey::Stream HmacKey::stream() const {
  thread_local ThreadContexts mine;
  EVP_MAC_CTX* ctx = mine.get(impl_->id, impl_->keyed);
  // A null key re-initialises with the key the context already holds.
  if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1) throw std::runtime_error("HMAC failed");
  return Stream(ctx);
}

void HmacKey::Stream::flush() {
  if (used_ > 0 &&
      EVP_MAC_update(static_cast<EVP_MAC_CTX*>(ctx_), reinterpret_cast<const unsigned char*>(pending_), used_) != 1) {
    throw std::runtime_error("HMAC failed");
  }
  used_ = 0;
}

void HmacKey::Stream::update(std::string_view piece) {
  if (piece.empty()) return;
  if (piece.size() <= sizeof pending_ - used_) {
    std::memcpy(pending_ + used_, piece.data(), piece.size());
    used_ += piece.size();
    return;
  }
  flush();
  if (piece.size() <= sizeof pending_) {
    std::memcpy(pending_, piece.data(), piece.size());
    used_ = piece.size();
    return;
  }
  if (EVP_MAC_update(static_cast<EVP_MAC_CTX*>(ctx_), reinterpret_cast<const unsigned char*>(piece.data()),
                     piece.size()) != 1) {
    throw std::runtime_error("HMAC failed");
  }
}

void HmacKey::Stream::finish(unsigned char (&out)[32]) {
  flush();
  std::size_t len = 0;
  if (EVP_MAC_final(static_cast<EVP_MAC_CTX*>(ctx_), out, &len, sizeof out) != 1 || len != 32) {
    throw std::runtime_error("HMAC failed");
  }
}

std::string HmacKey::sign(std::string_view data) const {
  Stream s = stream();
  s.update(data);
  unsigned char out[32];
  s.finish(out);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace hub::crypto

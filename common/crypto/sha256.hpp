#pragma once
// SHA-256 and HMAC-SHA256 through OpenSSL, incrementally so large bodies are hashed as they stream.
#include <memory>
#include <string>
#include <string_view>

namespace hub::crypto {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view data);
  // 32 raw bytes; the object may not be updated afterwards.
  std::string finish();
  // 64 lower-case hex characters.
  std::string finish_hex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes

// HMAC-SHA256 under one key, keyed once: the SHA-256 states after the key's inner and outer pads
// are computed when the key is made, and each MAC starts from a copy of them (RFC 2104 §4's
// precomputation). A signed identity on every proxied request then costs three SHA-256 blocks and
// no allocation; OpenSSL 3's EVP_MAC re-keys through its provider layer, allocating and looking
// the digest up on every use. Safe to share between threads.
class HmacKey {
 public:
  explicit HmacKey(std::string_view key);
  ~HmacKey();
  HmacKey(const HmacKey&) = delete;
  HmacKey& operator=(const HmacKey&) = delete;
  HmacKey(HmacKey&& other) noexcept;

  std::string sign(std::string_view data) const;  // 32 raw bytes

  // The same, fed in pieces without building the message first.
  class Stream {
   public:
    void update(std::string_view piece);
    void finish(unsigned char (&out)[32]);

   private:
    friend class HmacKey;
    Stream() = default;
    // OpenSSL's SHA256_CTX, kept opaque here so that callers do not include OpenSSL.
    alignas(8) unsigned char state_[128];
    const void* outer_ = nullptr;
  };
  Stream stream() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hub::crypto

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

// HMAC-SHA256 under one key, keyed once: OpenSSL 3 looks the algorithm up on every one-shot call,
// which costs more than the hash itself on a per-request path. Safe to share between threads.
class HmacKey {
 public:
  explicit HmacKey(std::string_view key);
  ~HmacKey();
  HmacKey(const HmacKey&) = delete;
  HmacKey& operator=(const HmacKey&) = delete;
  HmacKey(HmacKey&& other) noexcept;

  std::string sign(std::string_view data) const;  // 32 raw bytes

  // The same, fed in pieces without building the message first. One per thread at a time. Small
  // pieces are gathered and handed to OpenSSL together: each of its update calls costs far more
  // than copying a few bytes (a signed identity is some thirty pieces).
  class Stream {
   public:
    void update(std::string_view piece);
    void finish(unsigned char (&out)[32]);

   private:
    friend class HmacKey;
    explicit Stream(void* ctx) : ctx_(ctx) {}
    void flush();
    void* ctx_;
    std::size_t used_ = 0;
    char pending_[512];
  };
  Stream stream() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hub::crypto

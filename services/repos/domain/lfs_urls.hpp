#pragma once
// Self-authorizing LFS transfer URLs (docs/architecture.md, "Signed URLs"). Neither Hub client sends
// credentials or the batch answer's headers with an upload, so the URL itself carries an HMAC over
// the method, repo id, oid, size, expiry and actor, under a key derived for this purpose from
// HUB_INTERNAL_SECRET. The gateway lets this route class through without authentication.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/crypto/sha256.hpp"

namespace hub::repos {

struct LfsGrant {
  std::string method;  // PUT (upload) or GET (download)
  std::string repo_id;
  std::string oid;
  std::uint64_t size = 0;
  std::int64_t expires = 0;  // unix seconds
  std::string actor;         // user id, or "" for anonymous downloads
};

class LfsUrlSigner {
 public:
  explicit LfsUrlSigner(std::string_view secret);
  // "/api/lfs/{upload|download}/{repo}/{oid}/{size}?exp=…&actor=…&sig=…", to append to the public URL.
  std::string path(const LfsGrant& grant) const;
  // Whether `sig` is this grant's signature and it has not expired at `now`.
  bool verify(const LfsGrant& grant, std::string_view sig, std::int64_t now) const;

 private:
  std::string sign(const LfsGrant& grant) const;
  crypto::HmacKey key_;
};

}  // namespace hub::repos

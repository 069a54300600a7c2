#include "services/repos/domain/lfs_urls.hpp"

#include <openssl/crypto.h>

#include "common/http/url.hpp"
#include "common/util/strings.hpp"

namespace hub::repos {
namespace {
constexpr std::string_view kContext = "hub lfs transfer url v1";
}

LfsUrlSigner::LfsUrlSigner(std::string_view secret) : key_(crypto::hmac_sha256(secret, kContext)) {}

std::string LfsUrlSigner::sign(const LfsGrant& g) const {
  std::string message;
  message.append(g.method).append("\n").append(g.repo_id).append("\n").append(g.oid).append("\n");
  message.append(std::to_string(g.size)).append("\n").append(std::to_string(g.expires)).append("\n").append(g.actor);
  return util::hex(key_.sign(message));
}

std::string LfsUrlSigner::path(const LfsGrant& g) const {
  std::string out = g.method == "PUT" ? "/api/lfs/upload/" : "/api/lfs/download/";
  out.append(g.repo_id).append("/").append(g.oid).append("/").append(std::to_string(g.size));
  out.append("?exp=").append(std::to_string(g.expires));
  out.append("&actor=").append(http::percent_encode(g.actor));
  out.append("&sig=").append(sign(g));
  return out;
}

bool LfsUrlSigner::verify(const LfsGrant& g, std::string_view sig, std::int64_t now) const {
  if (g.expires < now) return false;
  const std::string expected = sign(g);
  return sig.size() == expected.size() && CRYPTO_memcmp(sig.data(), expected.data(), expected.size()) == 0;
}

}  // namespace hub::repos

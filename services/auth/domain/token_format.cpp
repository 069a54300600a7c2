// The token secret's format and its stored digest.
#include "services/auth/domain/token_format.hpp"

#include "common/crypto/sha256.hpp"

namespace hub::auth {

std::string secret_digest(std::string_view secret) {
  crypto::Sha256 h;
  h.update(secret);
  return h.finish();
}

bool plausible_secret(std::string_view secret) {
  if (!secret.starts_with(kSecretPrefix) || secret.size() < 10 || secret.size() > 100) return false;
  for (char c : secret.substr(3)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace hub::auth

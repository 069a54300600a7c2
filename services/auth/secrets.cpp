#include "services/auth/secrets.hpp"

#include <sodium.h>

#include "common/crypto/sha256.hpp"

namespace hub::auth {

std::string new_token_secret() {
  static constexpr char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string out = "hf_";
  for (int i = 0; i < 34; ++i)
    out.push_back(kLetters[randombytes_uniform(sizeof kLetters - 1)]);
  return out;
}

std::string secret_digest(std::string_view secret) {
  crypto::Sha256 h;
  h.update(secret);
  return h.finish();
}

bool plausible_secret(std::string_view secret) {
  if (!secret.starts_with("hf_") || secret.size() < 10 || secret.size() > 100) return false;
  for (char c : secret.substr(3)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace hub::auth

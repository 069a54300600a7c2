// Random secrets (libsodium's CSPRNG).
#include "services/auth/app/random_secrets.hpp"

#include <sodium.h>

#include "services/auth/domain/token_format.hpp"

namespace hub::auth {

std::string new_token_secret() {
  std::string out(kSecretPrefix);
  for (int i = 0; i < kSecretLength; ++i)
    out.push_back(kSecretLetters[randombytes_uniform(kSecretLetters.size())]);
  return out;
}

std::string random_password() {
  unsigned char bytes[12];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

}  // namespace hub::auth

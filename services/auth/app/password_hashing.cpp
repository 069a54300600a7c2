// Argon2id hashing behind the hashing gate.
#include "services/auth/app/password_hashing.hpp"

#include <sodium.h>

#include <stdexcept>

#include "common/error/api_error.hpp"
#include "services/auth/domain/hashing_gate.hpp"

namespace hub::auth {
namespace {

// Two hashes at once, and four sign-ins waiting for them: of auth's 16 workers (by default), ten
// stay free for introspection whatever the burst.
HashingGate& gate() {
  static HashingGate g(2, 4);
  return g;
}

HashingGate::Ticket admitted() {
  auto ticket = gate().enter();
  if (!ticket) throw ApiError(ErrorCode::kUnavailable, "too many sign-ins at once; retry shortly");
  return std::move(*ticket);
}

}  // namespace

std::string hash_password(std::string_view password) {
  const auto ticket = admitted();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return std::string(out);
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  const auto ticket = admitted();
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace hub::auth

#include "services/auth/passwords.hpp"

#include <sodium.h>

#include <semaphore>
#include <stdexcept>

namespace hub::auth_service {
namespace {

std::counting_semaphore<2>& hashing_slots() {
  static std::counting_semaphore<2> slots(2);
  return slots;
}

struct Slot {
  Slot() { hashing_slots().acquire(); }
  ~Slot() { hashing_slots().release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
};

}  // namespace

std::string hash_password(std::string_view password) {
  Slot slot;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return std::string(out);
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  Slot slot;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace hub::auth_service

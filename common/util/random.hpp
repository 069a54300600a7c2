#pragma once
// Identifiers that must be unique but need not be secret (request ids, consumer names). Secrets come
// from libsodium, never from here.
#include <string>

namespace hub::util {

// 32 lower-case hex characters from a per-thread generator seeded by the OS.
std::string random_id();

}  // namespace hub::util

#pragma once
#include <string>

namespace hub::util {

// A random (version 4) UUID in its canonical lower-case form, from OpenSSL's CSPRNG: event ids must
// never collide, across processes and restarts.
std::string uuid4();
bool is_uuid(std::string_view text);

}  // namespace hub::util

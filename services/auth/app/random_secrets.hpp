#pragma once
// Fresh secrets from libsodium's generator: token secrets in the format of domain/token_format.hpp,
// and the one-time passwords the operator's command prints.
#include <string>

namespace hub::auth {

std::string new_token_secret();
// 24 hex digits.
std::string random_password();

}  // namespace hub::auth

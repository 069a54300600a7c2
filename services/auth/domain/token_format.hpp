#pragma once
// Token secrets in the Hub's format: `hf_` and 34 random letters (the JS client refuses anything not
// starting with `hf_`). Only their SHA-256 is stored. The random part is drawn in app/.
#include <string>
#include <string_view>

namespace hub::auth {

inline constexpr std::string_view kSecretPrefix = "hf_";
inline constexpr std::string_view kSecretLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
inline constexpr int kSecretLength = 34;  // letters after the prefix

// 32 raw bytes.
std::string secret_digest(std::string_view secret);
// Looks like one of ours (`hf_` + letters, bounded length): anything else is refused unseen.
bool plausible_secret(std::string_view secret);

}  // namespace hub::auth

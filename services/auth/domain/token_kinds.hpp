#pragma once
// Tokens as plain values: their kinds (a login session, an access token) and roles (read, write,
// fineGrained), parsed once from a request or a stored row, and what each may change. The database
// stores the same words.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hub::auth {

inline constexpr std::string_view kSessionToken = "session";
inline constexpr std::string_view kAccessToken = "access";

enum class TokenRole : std::uint8_t { kRead, kWrite, kFineGrained };

// read, write, fineGrained; nullopt for anything else.
std::optional<TokenRole> parse_token_role(std::string_view name);
std::string_view token_role_name(TokenRole role);

// The caller's token as far as changing things goes.
struct TokenReach {
  std::string kind;  // session, access
  std::string role;  // read, write, fineGrained
  std::string scoped_json;
  // A login session or a write token: may change anything its account may.
  bool writes() const { return kind == kSessionToken || role == "write"; }
  // Also a fine-grained token with org.write: may change organizations.
  bool changes_orgs() const;
};

// The live (unrevoked, unexpired) token a secret names, with its user.
struct LiveToken {
  std::string id;
  std::string kind;
  std::string role;
  std::string scoped_json;
  std::string user_id;
  std::string user_name;
  bool site_admin = false;
  std::optional<std::int64_t> lifetime_seconds;  // from creation to expiry; unset: never expires
};

}  // namespace hub::auth

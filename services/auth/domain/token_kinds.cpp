// Token roles by name, and what a token may change.
#include "services/auth/domain/token_kinds.hpp"

namespace hub::auth {

std::optional<TokenRole> parse_token_role(std::string_view name) {
  if (name == "read") return TokenRole::kRead;
  if (name == "write") return TokenRole::kWrite;
  if (name == "fineGrained") return TokenRole::kFineGrained;
  return std::nullopt;
}

std::string_view token_role_name(TokenRole role) {
  switch (role) {
    case TokenRole::kRead:
      return "read";
    case TokenRole::kWrite:
      return "write";
    case TokenRole::kFineGrained:
      return "fineGrained";
  }
  return "read";
}

bool TokenReach::changes_orgs() const {
  if (writes()) return true;
  return role == "fineGrained" && scoped_json.find("\"org.write\"") != std::string::npos;
}

}  // namespace hub::auth

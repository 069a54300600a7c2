// Token roles by name, and what a token may change.
#include "services/auth/domain/token_kinds.hpp"

#include "common/util/enum_names.hpp"

namespace hub::auth {
namespace {

constexpr util::EnumNames<TokenRole, 3> kTokenRoleNames = {
    {{TokenRole::kRead, "read"}, {TokenRole::kWrite, "write"}, {TokenRole::kFineGrained, "fineGrained"}}};

}  // namespace

std::optional<TokenRole> parse_token_role(std::string_view name) {
  return util::value_named(kTokenRoleNames, name);
}

std::string_view token_role_name(TokenRole role) {
  return util::name_of(kTokenRoleNames, role);
}

bool TokenReach::changes_orgs() const {
  if (writes()) return true;
  return role == "fineGrained" && scoped_json.find("\"org.write\"") != std::string::npos;
}

}  // namespace hub::auth

// Assignable member roles.
#include "services/auth/domain/member_roles.hpp"

namespace hub::auth {

std::optional<access::MemberRole> parse_assignable_role(std::string_view name) {
  auto role = access::parse_member_role(name);
  if (!role || *role == access::MemberRole::kNone) return std::nullopt;
  return role;
}

}  // namespace hub::auth

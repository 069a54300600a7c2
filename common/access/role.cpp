#include "common/access/role.hpp"

namespace hub::access {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kNone:
      return "none";
    case Role::kRead:
      return "read";
    case Role::kWrite:
      return "write";
    case Role::kAdmin:
      return "admin";
  }
  return "none";
}

std::optional<Role> parse_role(std::string_view name) {
  for (const Role r : {Role::kNone, Role::kRead, Role::kWrite, Role::kAdmin}) {
    if (name == role_name(r)) return r;
  }
  return std::nullopt;
}

std::string_view member_role_name(MemberRole role) {
  switch (role) {
    case MemberRole::kNone:
      return "";
    case MemberRole::kRead:
      return "read";
    case MemberRole::kContributor:
      return "contributor";
    case MemberRole::kWrite:
      return "write";
    case MemberRole::kAdmin:
      return "admin";
  }
  return "";
}

std::optional<MemberRole> parse_member_role(std::string_view name) {
  for (const MemberRole r :
       {MemberRole::kNone, MemberRole::kRead, MemberRole::kContributor, MemberRole::kWrite, MemberRole::kAdmin}) {
    if (name == member_role_name(r)) return r;
  }
  return std::nullopt;
}

Role granted_by(MemberRole membership, bool created_the_repo) {
  switch (membership) {
    case MemberRole::kAdmin:
      return Role::kAdmin;
    case MemberRole::kWrite:
      return Role::kWrite;
    case MemberRole::kContributor:
      return created_the_repo ? Role::kWrite : Role::kRead;
    case MemberRole::kRead:
      return Role::kRead;
    case MemberRole::kNone:
      return Role::kNone;
  }
  return Role::kNone;
}

}  // namespace hub::access

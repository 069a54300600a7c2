#include "common/access/role.hpp"

#include "common/util/enum_names.hpp"

namespace hub::access {
namespace {

constexpr util::EnumNames<Role, 4> kRoleNames = {
    {{Role::kNone, "none"}, {Role::kRead, "read"}, {Role::kWrite, "write"}, {Role::kAdmin, "admin"}}};

constexpr util::EnumNames<MemberRole, 5> kMemberRoleNames = {{{MemberRole::kNone, ""},
                                                              {MemberRole::kRead, "read"},
                                                              {MemberRole::kContributor, "contributor"},
                                                              {MemberRole::kWrite, "write"},
                                                              {MemberRole::kAdmin, "admin"}}};

}  // namespace

std::string_view role_name(Role role) {
  return util::name_of(kRoleNames, role);
}

std::optional<Role> parse_role(std::string_view name) {
  return util::value_named(kRoleNames, name);
}

std::string_view member_role_name(MemberRole role) {
  return util::name_of(kMemberRoleNames, role);
}

std::optional<MemberRole> parse_member_role(std::string_view name) {
  return util::value_named(kMemberRoleNames, name);
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

#pragma once
// The roles an admin may give a member of an org or of a resource group (access::MemberRole names
// them; the database stores the same words).
#include <optional>
#include <string_view>

#include "common/access/role.hpp"

namespace hub::auth {

// read, contributor, write or admin; nullopt for anything else, "" (no role) included.
std::optional<access::MemberRole> parse_assignable_role(std::string_view name);

}  // namespace hub::auth

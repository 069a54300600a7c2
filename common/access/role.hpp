#pragma once
// What a caller may do on a repo, as ordered levels: a check is a comparison (`role >= Role::kWrite`),
// never a string matched in several places. Membership roles (in an org or a resource group) are a
// second scale, because "contributor" grants write only on the repos the member created.
#include <cstdint>
#include <optional>
#include <string_view>

namespace hub::access {

// The caller's role on one repo. Declared in rank order: comparisons are the ranking.
enum class Role : std::uint8_t { kNone = 0, kRead = 1, kWrite = 2, kAdmin = 3 };

std::string_view role_name(Role role);  // none, read, write, admin
// none, read, write, admin; nullopt for anything else.
std::optional<Role> parse_role(std::string_view name);

// A member's role in an org or a resource group, as stored. Rank order too.
enum class MemberRole : std::uint8_t { kNone = 0, kRead = 1, kContributor = 2, kWrite = 3, kAdmin = 4 };

std::string_view member_role_name(MemberRole role);  // "", read, contributor, write, admin
// read, contributor, write, admin, and "" (not a member); nullopt for anything else.
std::optional<MemberRole> parse_member_role(std::string_view name);

// What a membership grants on one repo of the org or group: a contributor writes the repos it
// created and reads the others.
Role granted_by(MemberRole membership, bool created_the_repo);

}  // namespace hub::access

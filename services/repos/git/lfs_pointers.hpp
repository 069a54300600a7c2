#pragma once
// Which LFS objects a repo's history names through pointer files (the pointers themselves:
// domain/lfs_pointer.hpp).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "services/repos/domain/lfs_pointer.hpp"

struct git_repository;

namespace hub::repos {

// The LFS objects named by pointers that the commits reachable from `new_tip` and from no ref yet
// add or change against their first parents (a push's new commits: opened from git's environment,
// the repo sees the push's quarantine), or, with no tip, by pointers anywhere in every commit
// reachable from any ref (reindex). Each tree and blob is read once, however many commits share it.
std::set<std::string> lfs_oids_in_history(git_repository* repo, const std::optional<std::string>& new_tip);

}  // namespace hub::repos

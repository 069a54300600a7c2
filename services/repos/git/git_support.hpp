#pragma once
// What the repos service's libgit2 code shares (git_repo, git_merge, lfs_pointers): a libgit2
// failure as an ApiError, and an oid as hex.
#include <git2.h>

#include <string>
#include <string_view>

namespace hub::repos::git {

// Throws ApiError(kInternal) naming `what` and libgit2's last error when `rc` is negative.
void check(int rc, std::string_view what);
std::string to_hex(const git_oid* oid);

}  // namespace hub::repos::git

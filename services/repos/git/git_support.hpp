#pragma once
// What the repos service's libgit2 code shares (git_repo, git_merge, git_diff, lfs_pointers): a
// libgit2 failure as an ApiError, an oid as hex, and a blob read as an LFS pointer.
#include <git2.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "services/repos/domain/lfs_pointer.hpp"

namespace hub::repos::git {

// Throws ApiError(kInternal) naming `what` and libgit2's last error when `rc` is negative.
void check(int rc, std::string_view what);
std::string to_hex(const git_oid* oid);
// The LFS pointer a blob of `size` bytes is, if it is one; only a blob small enough to be a pointer
// is read.
std::optional<LfsPointer> lfs_pointer_in(git_repository* repo, const git_oid* blob, std::size_t size);

}  // namespace hub::repos::git

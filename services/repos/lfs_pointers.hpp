#pragma once
// Git LFS pointer files: the small blob git keeps in place of an LFS object, how to read and write
// one, and which objects a repo's history names through them.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

struct git_repository;

namespace hub::repos {

inline constexpr std::string_view kLfsPointerVersion = "version https://git-lfs.github.com/spec/v1\n";

struct LfsPointer {
  std::string oid;  // sha256, hex
  std::uint64_t size = 0;
  std::uint64_t pointer_size = 0;  // of the pointer blob itself
};

// "version https://git-lfs.github.com/spec/v1\noid sha256:…\nsize …\n", or nullopt.
std::optional<LfsPointer> parse_lfs_pointer(std::string_view blob);
std::string lfs_pointer_text(std::string_view oid, std::uint64_t size);

// The LFS objects named by pointers in the commits reachable from `new_tip` and from no ref yet
// (a push's new commits: opened from git's environment, the repo sees the push's quarantine), or,
// with no tip, in every commit reachable from any ref. Each tree and blob is read once, however
// many commits share it.
std::set<std::string> lfs_oids_in_history(git_repository* repo, const std::optional<std::string>& new_tip);

}  // namespace hub::repos

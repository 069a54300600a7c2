#pragma once
// Git LFS pointer files: the small blob git keeps in place of an LFS object. Pure text, no git.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hub::domain {

inline constexpr std::string_view kLfsPointerVersion = "version https://git-lfs.github.com/spec/v1\n";
inline constexpr std::size_t kMaxLfsPointer = 1024;  // a blob this large or larger is never a pointer

struct LfsPointer {
  std::string oid;  // sha256, hex
  std::uint64_t size = 0;
  std::uint64_t pointer_size = 0;  // of the pointer blob itself
};

// 64 lower-case hex digits: the only form of an LFS oid the hub stores or names.
bool valid_oid(std::string_view oid);

// "version https://git-lfs.github.com/spec/v1\noid sha256:…\nsize …\n", or nullopt.
std::optional<LfsPointer> parse_lfs_pointer(std::string_view blob);
std::string lfs_pointer_text(std::string_view oid, std::uint64_t size);

}  // namespace hub::domain

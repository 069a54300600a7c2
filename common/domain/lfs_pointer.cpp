#include "common/domain/lfs_pointer.hpp"

#include <algorithm>

#include "common/util/strings.hpp"

namespace hub::domain {

bool valid_oid(std::string_view oid) {
  return oid.size() == 64 &&
         std::all_of(oid.begin(), oid.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<LfsPointer> parse_lfs_pointer(std::string_view blob) {
  if (!blob.starts_with(kLfsPointerVersion) || blob.size() >= kMaxLfsPointer) return std::nullopt;
  LfsPointer p;
  p.pointer_size = blob.size();
  bool have_size = false;
  for (auto line : util::split(blob.substr(kLfsPointerVersion.size()), '\n')) {
    if (line.starts_with("oid sha256:")) {
      p.oid = std::string(line.substr(11));
    } else if (line.starts_with("size ")) {
      auto n = util::parse_uint(line.substr(5));
      if (!n) return std::nullopt;
      p.size = *n;
      have_size = true;
    }
  }
  if (!valid_oid(p.oid) || !have_size) return std::nullopt;
  return p;
}

std::string lfs_pointer_text(std::string_view oid, std::uint64_t size) {
  std::string out(kLfsPointerVersion);
  out.append("oid sha256:").append(oid).append("\nsize ").append(std::to_string(size)).append("\n");
  return out;
}

}  // namespace hub::domain

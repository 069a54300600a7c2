// LFS pointers: whatever parses names a valid oid and writes back to a pointer that parses the same.
#include "services/repos/domain/lfs_pointer.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto p = hub::repos::parse_lfs_pointer(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!p) return 0;
  if (!hub::repos::valid_oid(p->oid)) std::abort();
  auto again = hub::repos::parse_lfs_pointer(hub::repos::lfs_pointer_text(p->oid, p->size));
  if (!again || again->oid != p->oid || again->size != p->size) std::abort();
  return 0;
}

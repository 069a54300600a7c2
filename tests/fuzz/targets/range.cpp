// Range headers: a partial range always lies inside the file.
#include "common/http/range.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 8) return 0;
  std::uint64_t total = 0;
  std::memcpy(&total, data, 8);
  total %= 1ULL << 50;  // the first eight bytes pick the file's size
  const std::string_view header(reinterpret_cast<const char*>(data) + 8, size - 8);
  auto r = hub::http::parse_range(header, total);
  if (r.kind == hub::http::ByteRange::Kind::kPartial) {
    if (r.length == 0 || r.offset >= total || r.length > total - r.offset) std::abort();
    (void)r.content_range(total);
  }
  return 0;
}

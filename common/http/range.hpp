#pragma once
// The `Range` request header for a single byte range, as download clients use it (`bytes=N-` to
// resume, `bytes=0-0` to probe). Multiple ranges are answered with the whole body, which RFC 9110
// allows.
#include <cstdint>
#include <string>
#include <string_view>

namespace hub::http {

struct ByteRange {
  enum class Kind { kWhole, kPartial, kUnsatisfiable } kind = Kind::kWhole;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;

  // `bytes 0-99/1000`, or `bytes */1000` when unsatisfiable.
  std::string content_range(std::uint64_t total) const;
};

// `header` may be empty. A malformed header is ignored (whole body), as RFC 9110 requires.
ByteRange parse_range(std::string_view header, std::uint64_t total);

}  // namespace hub::http

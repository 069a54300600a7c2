#include "common/http/range.hpp"

#include "common/util/strings.hpp"

namespace hub::http {

std::string ByteRange::content_range(std::uint64_t total) const {
  if (kind == Kind::kUnsatisfiable) return "bytes */" + std::to_string(total);
  return "bytes " + std::to_string(offset) + "-" + std::to_string(offset + length - 1) + "/" + std::to_string(total);
}

ByteRange parse_range(std::string_view header, std::uint64_t total) {
  ByteRange whole;
  whole.length = total;
  std::string_view spec = util::trim(header);
  if (!spec.starts_with("bytes=")) return whole;
  spec.remove_prefix(6);
  spec = util::trim(spec);
  if (spec.find(',') != std::string_view::npos) return whole;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view first = util::trim(spec.substr(0, dash));
  std::string_view last = util::trim(spec.substr(dash + 1));
  ByteRange out;
  out.kind = ByteRange::Kind::kPartial;
  if (first.empty()) {  // suffix range: the last N bytes
    auto n = util::parse_uint(last);
    if (!n) return whole;
    if (*n == 0 || total == 0) {
      out.kind = ByteRange::Kind::kUnsatisfiable;
      return out;
    }
    out.length = std::min(*n, total);
    out.offset = total - out.length;
    return out;
  }
  auto start = util::parse_uint(first);
  if (!start) return whole;
  std::uint64_t end = total == 0 ? 0 : total - 1;
  if (!last.empty()) {
    auto e = util::parse_uint(last);
    if (!e || *e < *start) return whole;
    end = std::min(*e, end);
  }
  if (*start >= total) {
    out.kind = ByteRange::Kind::kUnsatisfiable;
    return out;
  }
  out.offset = *start;
  out.length = end - *start + 1;
  return out;
}

}  // namespace hub::http

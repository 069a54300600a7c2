// The structured RateLimit headers, built piece by piece.
#include "services/gateway/filters/rate_limit_headers.hpp"

namespace hub::gateway {

namespace {

// `"name";a=1;b=2`, appended piece by piece (GCC 12 at -O3 misreads `"\"" + std::string(…)`).
std::string structured(std::string_view bucket, std::string_view k1, std::int64_t v1, std::string_view k2,
                       std::int64_t v2) {
  std::string out;
  out.reserve(48);
  out += '"';
  out += bucket;
  out += "\";";
  out += k1;
  out += '=';
  out += std::to_string(v1);
  out += ';';
  out += k2;
  out += '=';
  out += std::to_string(v2);
  return out;
}

}  // namespace

std::string rate_limit_header(std::string_view b, std::int64_t remaining, std::int64_t reset_seconds) {
  return structured(b, "r", remaining, "t", reset_seconds);
}

std::string rate_limit_policy_header(std::string_view b, std::int64_t quota, std::chrono::seconds window) {
  return structured(b, "q", quota, "w", window.count());
}

}  // namespace hub::gateway

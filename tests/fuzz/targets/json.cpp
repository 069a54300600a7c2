// The JSON layer with its limits: any bytes, with small limits so the depth and size checks are
// reached; what parses is valid UTF-8 without NUL in every string, and writes out again.
#include "common/json/json.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/util/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = hub::json::parse(text, hub::json::ParseLimits{4096, 16});
  if (!doc) return 0;
  hub::json::Writer w;
  w.raw_value(doc.value());
  const std::string out = w.str();
  if (!hub::util::valid_utf8(out)) std::abort();
  auto again = hub::json::parse(out, hub::json::ParseLimits{1 << 20, 16});
  if (!again) std::abort();  // what was read writes out as JSON the parser takes back
  if (doc.value().IsObject()) {
    (void)hub::json::get_optional_string(doc.value(), "a");
    (void)hub::json::get_optional_int(doc.value(), "n");
    (void)hub::json::get_optional_bool(doc.value(), "b");
  }
  return 0;
}

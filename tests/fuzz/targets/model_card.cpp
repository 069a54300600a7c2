// A model card's YAML front matter: parsed to JSON or refused with errors, never a crash; what it
// gives is JSON the hub's own parser takes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/domain/yaml_metadata.hpp"
#include "common/json/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view readme(reinterpret_cast<const char*>(data), size);
  const auto yaml = hub::domain::front_matter(readme).value_or(readme);
  auto result = hub::domain::yaml_metadata(yaml);
  if (result.json) {
    if (!hub::json::parse(*result.json, hub::json::ParseLimits{1 << 24, 256})) std::abort();
  } else if (result.errors.empty()) {
    std::abort();  // no metadata says why
  }
  return 0;
}

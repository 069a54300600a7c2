#include "services/pulls/domain/shard_index.hpp"

#include "common/json/json.hpp"
#include "common/util/strings.hpp"

namespace hub::pulls {
namespace {

// Indexes of models with hundreds of shards run to a few MB: room for those, not for anything.
constexpr std::size_t kMaxIndexBytes = 64U << 20;

bool below_the_index(std::string_view shard) {
  if (shard.empty() || shard.front() == '/') return false;
  for (const auto step : util::split(shard, '/')) {
    if (step.empty() || step == "." || step == "..") return false;
  }
  return true;
}

}  // namespace

Result<std::map<std::string, std::string>> parse_weight_map(std::string_view text) {
  auto doc = json::parse(text, json::ParseLimits{.max_bytes = kMaxIndexBytes});
  if (!doc) return Failure{doc.error()};
  if (!doc.value().IsObject()) return fail("the index is not a JSON object");
  const json::Value* map = json::find(doc.value(), "weight_map");
  if (map == nullptr || !map->IsObject()) return fail("the index has no weight_map object");
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : map->GetObject()) {
    const std::string tensor(key.GetString(), key.GetStringLength());
    if (!value.IsString()) return fail("weight_map[" + json::quote(tensor) + "] is not a file name");
    const std::string_view shard(value.GetString(), value.GetStringLength());
    if (!below_the_index(shard)) {
      return fail("weight_map[" + json::quote(tensor) + "] names " + json::quote(shard) +
                  ", not a file below the index's folder");
    }
    out.emplace(tensor, std::string(shard));
  }
  return out;
}

}  // namespace hub::pulls

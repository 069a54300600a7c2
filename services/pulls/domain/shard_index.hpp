#pragma once
// model.safetensors.index.json, which transformers writes beside the shards of a large model:
// {"metadata": {...}, "weight_map": {"<tensor>": "<shard file>", ...}}, shard files named relative to
// the index's own folder.
#include <map>
#include <string>
#include <string_view>

#include "common/util/result.hpp"

namespace hub::pulls {

// The weight map, or why the text is not an index: not a JSON object, no weight_map object, or a
// shard that is not a plain file name below the index's folder (empty, absolute, or with a "." or ".."
// step), which would let an index claim files of another model.
Result<std::map<std::string, std::string>> parse_weight_map(std::string_view text);

}  // namespace hub::pulls

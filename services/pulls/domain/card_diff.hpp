#pragma once
// The model card's metadata (README.md's YAML front matter) compared key by key, like a config file,
// with one exception: `model-index`, the card's evaluation results, whose nested lists would make
// any new score one change of the whole list. Its results are flattened to one entry per task,
// dataset and metric, so "accuracy on GLUE/sst2 went 0.81 -> 0.84" is one change:
//
//   /model-index/results/{task.type}/{dataset.type}/{dataset.name}/{dataset.config}/{dataset.split}
//       /metrics/{metric.type}/{metric.name}/value
//
// (a part the card leaves out is an empty token). Beside `metrics`, the same node holds the rest of
// the result: `task` and `dataset` without the fields in the key, and any other field (`source`).
// The entries' other fields (the model's `name`) are compared as one list at /model-index/models.
// A `model-index` of another shape is compared as a whole value.
#include <optional>
#include <string>
#include <string_view>

#include "services/pulls/domain/key_diff.hpp"

namespace hub::pulls {

// The model card: README.md at the repo's root.
bool is_model_card_path(std::string_view path);

// The README as it is on each side (nullopt: not there). A README without front matter has no
// metadata, which compares as an empty mapping; metadata that is not valid YAML is an error.
FileKeyDiff card_key_diff(std::string path, std::optional<std::string_view> before,
                          std::optional<std::string_view> after);

}  // namespace hub::pulls

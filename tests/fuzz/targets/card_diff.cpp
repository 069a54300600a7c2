// Two model cards compared key by key (pulls' diff of README.md front matter, model-index flattened
// per task, dataset and metric): any bytes give changes or errors, never a crash; a card compared
// with itself has no change; every change is a JSON Pointer whose values are JSON.
#include "services/pulls/domain/card_diff.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/json/json.hpp"

namespace {

void check(const hub::pulls::FileKeyDiff& diff) {
  if (!diff.errors.empty() && !diff.changes.empty()) std::abort();  // half a document is no diff
  for (const auto& c : diff.changes) {
    if (!c.path.empty() && c.path.front() != '/') std::abort();
    if (!c.before && !c.after) std::abort();
    for (const auto* text : {&c.before, &c.after}) {
      if (*text && !hub::json::parse(**text, hub::json::ParseLimits{1 << 24, 1024})) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The base and the head, split at the first NUL (none: the head is empty).
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t cut = bytes.find('\0');
  const std::string_view before = bytes.substr(0, cut);
  const std::string_view after = cut == std::string_view::npos ? std::string_view() : bytes.substr(cut + 1);
  check(hub::pulls::card_key_diff("README.md", before, after));
  const auto same = hub::pulls::card_key_diff("README.md", before, before);
  if (!same.changes.empty()) std::abort();
  return 0;
}

#pragma once
// The model-aware diff as the pull request pages read it (camelCase, every list present even when
// empty so a client never tests for a missing key):
//
//   {"models": [{"directory", "files": [path], "complete",
//                "added"|"removed": [{"name", "file", "dtype", "shape", "parameters", "sha256"}],
//                "dtypeChanged": [{"name", "before", "after"}],
//                "shapeChanged": [{"name", "before": [..], "after": [..]}],
//                "bytesChanged": [{"name", "file", "beforeSha256", "afterSha256"}],
//                "moved": [{"name", "fromFile", "toFile"}],
//                "renamed": [{"from", "to", "fromFile", "toFile", "sha256"}],
//                "parameterCount": {"before", "after", "delta"},
//                "errors": [{"path", "side": "base"|"head", "error"}], "problems": [text]}]}
//
// and a file's key-level diff:
//
//   {"path", "changes": [{"path": JSON Pointer, "kind": "added"|"removed"|"changed", "old"?, "new"?}],
//    "errors": [text]}
//
// where "old" and "new" are the values themselves (absent when added, resp. removed).
#include <string>
#include <vector>

#include "common/json/json.hpp"
#include "services/pulls/domain/key_diff.hpp"
#include "services/pulls/domain/model_diff.hpp"

namespace hub::pulls {

void write_model_diff(json::Writer& w, const ModelDiff& diff);
std::string model_diff_json(const ModelDiff& diff);

void write_key_diff(json::Writer& w, const FileKeyDiff& diff);
// [file diff, …]
std::string key_diffs_json(const std::vector<FileKeyDiff>& diffs);

}  // namespace hub::pulls

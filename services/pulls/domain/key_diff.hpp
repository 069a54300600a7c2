#pragma once
// Key-level diffs of JSON documents (config.json and its kin, a model card's metadata): each change
// is one JSON Pointer (RFC 6901) with its old and new values as JSON text. Objects are compared key
// by key, recursively; anything else (arrays included) as a whole value, so a list that changed is
// one change with both lists shown.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json/json.hpp"

namespace hub::pulls {

enum class KeyChangeKind { kAdded, kRemoved, kChanged };

struct KeyChange {
  std::string path;  // a JSON Pointer; "" is the whole document
  KeyChangeKind kind = KeyChangeKind::kChanged;
  std::optional<std::string> before;  // JSON text; absent when added
  std::optional<std::string> after;   // JSON text; absent when removed
};

// One file compared. When a side cannot be read, `errors` says why ("head: invalid JSON: …") and
// `changes` is empty: a diff against half a document would misreport every key.
struct FileKeyDiff {
  std::string path;
  std::vector<KeyChange> changes;
  std::vector<std::string> errors;
};

std::string_view kind_name(KeyChangeKind kind);  // added, removed, changed

// "a/b~c" -> "a~1b~0c": one reference token of a JSON Pointer.
std::string pointer_token(std::string_view key);

// JSON and YAML parsers take an object with a key twice; Python (json, PyYAML), which reads these
// files in the end, keeps the last value. So do we, in `value` and everything in it, before
// comparing: with both kept, a document would not even equal itself.
void keep_last_of_each_key(json::Value& value, json::Document::AllocatorType& allocator);

// Appends the changes from `before` to `after` below `path` (a JSON Pointer); nullptr is a value
// that is not there. Keys of an object are visited in sorted order, so the output is stable. A key
// twice in an object counts once (see keep_last_of_each_key).
void append_key_diff(const std::string& path, const json::Value* before, const json::Value* after,
                     std::vector<KeyChange>& out);

std::vector<KeyChange> key_diff(const json::Value& before, const json::Value& after);

// config.json, generation_config.json, tokenizer_config.json and adapter_config.json, in any folder.
bool is_config_path(std::string_view path);

// A config file as it is on each side (nullopt: not there). A file added or removed compares with
// an empty object, so each of its top-level keys is one change rather than one unreadable blob.
FileKeyDiff config_key_diff(std::string path, std::optional<std::string_view> before,
                            std::optional<std::string_view> after);

}  // namespace hub::pulls

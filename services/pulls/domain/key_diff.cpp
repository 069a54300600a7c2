#include "services/pulls/domain/key_diff.hpp"

#include <array>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace hub::pulls {
namespace {

// tokenizer_config.json can carry large chat templates and token tables.
constexpr std::size_t kMaxConfigBytes = 16U << 20;

std::string text_of(const json::Value& v) {
  json::Writer w;
  w.raw_value(v);
  return w.str();
}

std::string_view file_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The document a side holds, or an empty object when the file is not there.
Result<json::Document> config_side(std::optional<std::string_view> text) {
  if (!text) {
    json::Document empty;
    empty.SetObject();
    return empty;
  }
  return json::parse(*text, json::ParseLimits{.max_bytes = kMaxConfigBytes});
}

}  // namespace

std::string_view kind_name(KeyChangeKind kind) {
  switch (kind) {
    case KeyChangeKind::kAdded:
      return "added";
    case KeyChangeKind::kRemoved:
      return "removed";
    case KeyChangeKind::kChanged:
      break;
  }
  return "changed";
}

std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

void keep_last_of_each_key(json::Value& value, json::Document::AllocatorType& allocator) {
  if (value.IsArray()) {
    for (auto& item : value.GetArray())
      keep_last_of_each_key(item, allocator);
    return;
  }
  if (!value.IsObject()) return;
  // Names copied: moving a member below would pull a short name's characters out from under a view.
  std::map<std::string, rapidjson::SizeType> last;  // name -> index of its last member
  std::vector<std::string> names;
  for (auto& member : value.GetObject()) {
    keep_last_of_each_key(member.value, allocator);
    names.emplace_back(member.name.GetString(), member.name.GetStringLength());
    last[names.back()] = static_cast<rapidjson::SizeType>(names.size() - 1);
  }
  if (last.size() == names.size()) return;
  json::Value kept(rapidjson::kObjectType);
  rapidjson::SizeType i = 0;
  for (auto& member : value.GetObject()) {
    if (last[names[i]] == i) kept.AddMember(member.name, member.value, allocator);  // moves both
    ++i;
  }
  value = kept;
}

void append_key_diff(const std::string& path, const json::Value* before, const json::Value* after,
                     std::vector<KeyChange>& out) {
  if (before == nullptr && after == nullptr) return;
  if (before == nullptr) {
    out.push_back(KeyChange{path, KeyChangeKind::kAdded, std::nullopt, text_of(*after)});
    return;
  }
  if (after == nullptr) {
    out.push_back(KeyChange{path, KeyChangeKind::kRemoved, text_of(*before), std::nullopt});
    return;
  }
  if (before->IsObject() && after->IsObject()) {
    std::set<std::string> keys;
    for (const auto* side : {before, after}) {
      for (const auto& member : side->GetObject())
        keys.emplace(member.name.GetString(), member.name.GetStringLength());
    }
    for (const auto& key : keys) {
      const auto in = [&key](const json::Value* object) -> const json::Value* {
        const auto it = object->FindMember(
            json::Value(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
        return it == object->MemberEnd() ? nullptr : &it->value;
      };
      append_key_diff(path + "/" + pointer_token(key), in(before), in(after), out);
    }
    return;
  }
  // RapidJSON's equality is by value: object members in any order, 1 and 1.0 alike.
  if (*before != *after) out.push_back(KeyChange{path, KeyChangeKind::kChanged, text_of(*before), text_of(*after)});
}

std::vector<KeyChange> key_diff(const json::Value& before, const json::Value& after) {
  std::vector<KeyChange> out;
  append_key_diff("", &before, &after, out);
  return out;
}

bool is_config_path(std::string_view path) {
  static constexpr std::array<std::string_view, 4> kConfigs = {"config.json", "generation_config.json",
                                                               "tokenizer_config.json", "adapter_config.json"};
  const std::string_view name = file_name(path);
  for (const auto config : kConfigs) {
    if (name == config) return true;
  }
  return false;
}

FileKeyDiff config_key_diff(std::string path, std::optional<std::string_view> before,
                            std::optional<std::string_view> after) {
  FileKeyDiff diff;
  diff.path = std::move(path);
  auto old_doc = config_side(before);
  auto new_doc = config_side(after);
  if (!old_doc) diff.errors.push_back("base: " + old_doc.error());
  if (!new_doc) diff.errors.push_back("head: " + new_doc.error());
  if (!diff.errors.empty()) return diff;
  keep_last_of_each_key(old_doc.value(), old_doc.value().GetAllocator());
  keep_last_of_each_key(new_doc.value(), new_doc.value().GetAllocator());
  diff.changes = key_diff(old_doc.value(), new_doc.value());
  return diff;
}

}  // namespace hub::pulls

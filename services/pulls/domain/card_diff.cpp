#include "services/pulls/domain/card_diff.hpp"

#include <initializer_list>
#include <utility>

#include "common/domain/yaml_metadata.hpp"

namespace hub::pulls {
namespace {

constexpr std::size_t kMaxCardJson = 16U << 20;

using Allocator = json::Document::AllocatorType;

// The metadata a side holds as JSON: an empty mapping when there is no README or no front matter.
Result<json::Document> card_side(std::optional<std::string_view> readme) {
  json::Document empty;
  empty.SetObject();
  if (!readme) return empty;
  const auto yaml = domain::front_matter(*readme);
  if (!yaml) return empty;
  const domain::YamlResult metadata = domain::yaml_metadata(*yaml);
  if (!metadata.json) return fail(metadata.errors.empty() ? "the metadata is not valid YAML" : metadata.errors.front());
  return json::parse(*metadata.json, json::ParseLimits{.max_bytes = kMaxCardJson});
}

json::Value string_value(std::string_view s, Allocator& a) {
  return json::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

// One part of a result's key: the field's text, its JSON when it is not a string, "" when absent.
std::string key_part(const json::Value* object, std::string_view field) {
  const json::Value* v = object == nullptr ? nullptr : json::find(*object, field);
  if (v == nullptr) return "";
  if (v->IsString()) return std::string(v->GetString(), v->GetStringLength());
  json::Writer w;
  w.raw_value(*v);
  return w.str();
}

// A copy of an object without the fields named.
json::Value without(const json::Value& object, std::initializer_list<std::string_view> skip, Allocator& a) {
  json::Value out(rapidjson::kObjectType);
  for (const auto& member : object.GetObject()) {
    const std::string_view name(member.name.GetString(), member.name.GetStringLength());
    bool skipped = false;
    for (const auto s : skip)
      skipped = skipped || s == name;
    if (!skipped) out.AddMember(json::Value(member.name, a), json::Value(member.value, a), a);
  }
  return out;
}

// Adds `value` under `key` unless the object has it: where a card lists the same result twice, the
// first one counts.
void put(json::Value& object, std::string_view key, json::Value value, Allocator& a) {
  if (json::find(object, key) != nullptr) return;
  object.AddMember(string_value(key, a), value, a);
}

// The object at `keys` below `root`, made on the way.
json::Value& node_at(json::Value& root, std::initializer_list<std::string> keys, Allocator& a) {
  json::Value* at = &root;
  for (const auto& key : keys) {
    auto it =
        at->FindMember(json::Value(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size()))));
    if (it == at->MemberEnd()) {
      at->AddMember(string_value(key, a), json::Value(rapidjson::kObjectType), a);
      it = at->MemberEnd() - 1;
    }
    at = &it->value;
  }
  return *at;
}

// model-index flattened as the header says, or nullopt when it is not the list of entries with
// results the Hub documents.
std::optional<json::Document> flatten_model_index(const json::Value& index) {
  if (!index.IsArray()) return std::nullopt;
  json::Document flat;
  flat.SetObject();
  Allocator& a = flat.GetAllocator();
  json::Value results(rapidjson::kObjectType);
  json::Value models(rapidjson::kArrayType);
  for (const auto& entry : index.GetArray()) {
    if (!entry.IsObject()) return std::nullopt;
    models.PushBack(without(entry, {"results"}, a), a);
    const json::Value* list = json::find(entry, "results");
    if (list == nullptr) continue;
    if (!list->IsArray()) return std::nullopt;
    for (const auto& result : list->GetArray()) {
      if (!result.IsObject()) return std::nullopt;
      const json::Value* task = json::find(result, "task");
      const json::Value* dataset = json::find(result, "dataset");
      const json::Value* metrics = json::find(result, "metrics");
      if ((task != nullptr && !task->IsObject()) || (dataset != nullptr && !dataset->IsObject()) ||
          (metrics != nullptr && !metrics->IsArray())) {
        return std::nullopt;
      }
      json::Value& node = node_at(results,
                                  {key_part(task, "type"), key_part(dataset, "type"), key_part(dataset, "name"),
                                   key_part(dataset, "config"), key_part(dataset, "split")},
                                  a);
      for (const auto& member : result.GetObject()) {
        const std::string_view name(member.name.GetString(), member.name.GetStringLength());
        if (name == "metrics") continue;
        if (name != "task" && name != "dataset") {
          put(node, name, json::Value(member.value, a), a);
          continue;
        }
        // Found by fuzzing (tests/fuzz/card_diff): `task:` with no value is null, which json::find
        // calls absent, so only the member itself may be read here. Null says nothing.
        if (!member.value.IsObject()) continue;
        json::Value rest = name == "task" ? without(member.value, {"type"}, a)
                                          : without(member.value, {"type", "name", "config", "split"}, a);
        if (rest.MemberCount() > 0) put(node, name, std::move(rest), a);
      }
      if (metrics == nullptr) continue;
      for (const auto& metric : metrics->GetArray()) {
        if (!metric.IsObject()) return std::nullopt;
        json::Value& by_type = node_at(node, {"metrics", key_part(&metric, "type")}, a);
        put(by_type, key_part(&metric, "name"), without(metric, {"type", "name"}, a), a);
      }
    }
  }
  flat.AddMember("results", results, a);
  flat.AddMember("models", models, a);
  return flat;
}

// Both sides' model-index replaced by their flattened form, when both have that form (or one has
// none); otherwise both stay as written and compare as whole values.
void flatten_both(json::Document& before, json::Document& after) {
  auto index_of = [](json::Document& doc) -> json::Value* {
    auto it = doc.FindMember("model-index");
    return it == doc.MemberEnd() ? nullptr : &it->value;
  };
  json::Value* old_index = index_of(before);
  json::Value* new_index = index_of(after);
  std::optional<json::Document> old_flat, new_flat;
  if (old_index != nullptr && !(old_flat = flatten_model_index(*old_index))) return;
  if (new_index != nullptr && !(new_flat = flatten_model_index(*new_index))) return;
  if (old_flat) old_index->CopyFrom(*old_flat, before.GetAllocator());
  if (new_flat) new_index->CopyFrom(*new_flat, after.GetAllocator());
}

}  // namespace

bool is_model_card_path(std::string_view path) {
  return path == "README.md";
}

FileKeyDiff card_key_diff(std::string path, std::optional<std::string_view> before,
                          std::optional<std::string_view> after) {
  FileKeyDiff diff;
  diff.path = std::move(path);
  auto old_doc = card_side(before);
  auto new_doc = card_side(after);
  if (!old_doc) diff.errors.push_back("base: " + old_doc.error());
  if (!new_doc) diff.errors.push_back("head: " + new_doc.error());
  if (!diff.errors.empty()) return diff;
  keep_last_of_each_key(old_doc.value(), old_doc.value().GetAllocator());
  keep_last_of_each_key(new_doc.value(), new_doc.value().GetAllocator());
  flatten_both(old_doc.value(), new_doc.value());
  diff.changes = key_diff(old_doc.value(), new_doc.value());
  return diff;
}

}  // namespace hub::pulls

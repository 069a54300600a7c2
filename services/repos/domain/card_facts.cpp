#include "services/repos/domain/card_facts.hpp"

#include <algorithm>

namespace hub::repos {
namespace {

constexpr std::size_t kMaxTags = 100;
constexpr std::size_t kMaxTagLength = 100;

std::optional<std::string> text(const json::Value& card, const char* key) {
  const json::Value* v = json::find(card, key);
  if (v == nullptr || !v->IsString() || v->GetStringLength() == 0 || v->GetStringLength() > kMaxTagLength) {
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

// A string or a list of strings (YAML lets authors write either).
std::vector<std::string> texts(const json::Value& card, const char* key) {
  std::vector<std::string> out;
  const json::Value* v = json::find(card, key);
  if (v == nullptr) return out;
  auto take = [&](const json::Value& item) {
    if (item.IsString() && item.GetStringLength() > 0 && item.GetStringLength() <= kMaxTagLength) {
      out.emplace_back(item.GetString(), item.GetStringLength());
    }
  };
  if (v->IsArray()) {
    for (const auto& item : v->GetArray())
      take(item);
  } else {
    take(*v);
  }
  return out;
}

void add(std::vector<std::string>& tags, std::string tag) {
  if (tags.size() < kMaxTags && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
}

}  // namespace

CardFacts card_facts(const json::Value& card) {
  CardFacts facts;
  if (!card.IsObject()) return facts;
  facts.pipeline_tag = text(card, "pipeline_tag");
  facts.library_name = text(card, "library_name");
  facts.sdk = text(card, "sdk");
  facts.languages = texts(card, "language");
  for (auto& tag : texts(card, "tags"))
    add(facts.tags, std::move(tag));
  if (facts.library_name) add(facts.tags, *facts.library_name);
  if (facts.pipeline_tag) add(facts.tags, *facts.pipeline_tag);
  for (const auto& license : texts(card, "license"))
    add(facts.tags, "license:" + license);
  for (const auto& dataset : texts(card, "datasets"))
    add(facts.tags, "dataset:" + dataset);
  for (const auto& language : facts.languages)
    add(facts.tags, language);
  return facts;
}

}  // namespace hub::repos

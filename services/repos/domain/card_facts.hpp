#pragma once
// What the lists learn from a model card's metadata (the README's YAML header, as JSON): the tags
// the Hub derives from it, and the fields its filters ask about.
#include <optional>
#include <string>
#include <vector>

#include "common/json/json.hpp"

namespace hub::repos {

struct CardFacts {
  // As the Hub derives them: the card's `tags`, then `library_name`, `pipeline_tag`,
  // `license:<id>`, `dataset:<id>` for each of `datasets`, and each `language`; each once.
  std::vector<std::string> tags;
  std::optional<std::string> pipeline_tag;
  std::optional<std::string> library_name;
  std::vector<std::string> languages;
  std::optional<std::string> sdk;  // a space's `sdk:` (gradio, streamlit, docker, static)
};

// Fields of the wrong type are left out, never an error: a card is its author's prose. At most 100
// tags of at most 100 characters each are kept.
CardFacts card_facts(const json::Value& card);

}  // namespace hub::repos

#include "services/repos/card_reader.hpp"

#include "services/repos/domain/model_card.hpp"

namespace hub::repos {

std::optional<json::Document> read_card(GitRepo& git, const std::string& commit) {
  auto readme = git.entry(commit, "README.md");
  if (!readme || readme->directory || readme->lfs || readme->size > (1U << 20)) return std::nullopt;
  const std::string text = git.read_blob(readme->oid, 1U << 20);
  const auto yaml = front_matter(text);
  if (!yaml) return std::nullopt;
  const YamlResult card = yaml_metadata(*yaml);
  if (!card.json) return std::nullopt;
  auto doc = json::parse_object(*card.json);
  if (!doc) return std::nullopt;
  return std::move(doc.value());
}

}  // namespace hub::repos

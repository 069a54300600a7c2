#include "services/repos/app/card_reader.hpp"

#include "common/domain/yaml_metadata.hpp"

namespace hub::repos {

bool read_card(GitRepo& git, const std::string& commit, json::Document& card) {
  auto readme = git.entry(commit, "README.md");
  if (!readme || readme->directory || readme->lfs || readme->size > (1U << 20)) return false;
  const std::string text = git.read_blob(readme->oid, 1U << 20);
  const auto yaml = domain::front_matter(text);
  if (!yaml) return false;
  const domain::YamlResult metadata = domain::yaml_metadata(*yaml);
  if (!metadata.json) return false;
  auto doc = json::parse_object(*metadata.json);
  if (!doc) return false;
  card.Swap(doc.value());
  return true;
}

}  // namespace hub::repos

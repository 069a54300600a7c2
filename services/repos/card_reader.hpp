#pragma once
// A repo's model card metadata at a commit: the YAML header of its README.md, as JSON.
#include <optional>
#include <string>

#include "common/json/json.hpp"
#include "services/repos/git_repo.hpp"

namespace hub::repos {

// nullopt when there is no README.md, it is stored in LFS or over 1 MiB, or it has no valid header.
std::optional<json::Document> read_card(GitRepo& git, const std::string& commit);

}  // namespace hub::repos

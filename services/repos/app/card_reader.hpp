#pragma once
// A repo's model card metadata at a commit: the YAML header of its README.md, as JSON.
#include <optional>
#include <string>

#include "common/json/json.hpp"
#include "services/repos/git/git_repo.hpp"

namespace hub::repos {

// Into `card`; false when there is no README.md, it is stored in LFS or over 1 MiB, or it has no
// valid header. (A caller's document: RapidJSON documents are not meant to be moved around.)
bool read_card(GitRepo& git, const std::string& commit, json::Document& card);

}  // namespace hub::repos

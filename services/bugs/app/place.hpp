#pragma once
// The repo a bug request is about (common/domain/repo_place.hpp), and where its reports live on the
// web and in the API.
#include <cstdint>
#include <string>

#include "common/domain/repo_place.hpp"

namespace hub::bugs {

using Place = domain::RepoPlace;

// {public}/{web prefix}{ns}/{name}/bugs/{num}
std::string bug_web_url(const Place& place, std::int64_t num);
// {public}/api/{plural}/{ns}/{name}/bugs/{num}
std::string bug_api_url(const Place& place, std::int64_t num);

}  // namespace hub::bugs

#pragma once
// The repo a bug request is about (common/domain/repo_place.hpp, which also says where its reports
// live on the web and in the API: bug_web_url, bug_api_url).
#include "common/domain/repo_place.hpp"

namespace hub::bugs {

using Place = domain::RepoPlace;

}  // namespace hub::bugs

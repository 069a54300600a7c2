#pragma once
// The repo a thread request is about (common/domain/repo_place.hpp), under the name discussions uses.
#include "common/domain/repo_place.hpp"

namespace hub::discussions {

using Place = domain::RepoPlace;

}  // namespace hub::discussions

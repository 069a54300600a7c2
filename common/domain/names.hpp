#pragma once
// Names of users, orgs and repos (docs/conventions.md, "Which service answers which path"): what is allowed, and
// which names are reserved because they would collide with the API's own paths.
#include <string_view>

#include "common/util/result.hpp"

namespace hub::domain {

// A user or org name: 2 to 42 ASCII letters, digits, '-' and '_', starting and ending with a letter
// or digit, no "--"; not reserved. ASCII only, so no two names look alike (unicode confusables).
Result<bool> check_account_name(std::string_view name);
// A name that may already be a namespace: the syntax of an account name, reserved or not (the
// first administrator is `admin`, a name nobody else may take).
Result<bool> check_namespace(std::string_view name);
// A repo name: 1 to 96 of ASCII letters, digits, '-', '_' and '.', not starting or ending with
// '.' or '-', no "..", not ending in ".git"; not reserved.
Result<bool> check_repo_name(std::string_view name);
bool is_reserved_name(std::string_view name);

}  // namespace hub::domain

#pragma once
// What a new access token may ask for: its role, and for a fine-grained one the scoped permissions,
// validated and written back in a canonical form (the form stored and shown).
#include <string>

#include "common/json/json.hpp"
#include "services/auth/domain/token_kinds.hpp"

namespace hub::auth {

// `scoped` (absent: none) as canonical JSON; 400 for any entry that is not {entity: {type, name},
// permissions: [...]} with a known type and known permissions.
std::string canonical_scopes(const json::Value* scoped);
// The role as a word of the API; 400 otherwise.
TokenRole checked_token_role(std::string_view role);
// A fine-grained token has scopes, and only it.
void check_scopes_fit(TokenRole role, const std::string& canonical_scoped);

}  // namespace hub::auth

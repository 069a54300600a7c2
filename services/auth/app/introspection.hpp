#pragma once
// The gateway's one question per request it has not cached: "who is this token, and what may they
// do with the thing this path is about?". Without a token the caller is anonymous (the scope still
// says whether a repo is visible).
#include <optional>
#include <string>

#include "common/db/pool.hpp"
#include "services/auth/domain/decide.hpp"
#include "services/auth/domain/token_kinds.hpp"

namespace hub::auth {

struct IntrospectRequest {
  std::optional<std::string> secret;
  std::optional<ScopeKey> scope;
};
struct IntrospectAnswer {
  bool invalid_credentials = false;  // a secret was given and is no live token: nothing else is set
  std::optional<LiveToken> token;
  std::optional<ScopeDecision> decision;
};
IntrospectAnswer introspect(db::Pool& db, const IntrospectRequest& request);

}  // namespace hub::auth

#pragma once
// Token use cases: issuing (by login, the settings API, the bootstrap and the operator), listing,
// revoking by the owner or by a leaked-credential report, and finding the live token a secret names.
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "common/access/identity.hpp"
#include "common/db/pool.hpp"
#include "services/auth/app/invalidator.hpp"
#include "services/auth/domain/token_kinds.hpp"
#include "services/auth/store/token_store.hpp"

namespace hub::auth {

struct IssuedToken {
  std::string id;
  std::string secret;  // shown once, never stored
};
IssuedToken issue_token(pqxx::work& tx, const std::string& user_id, std::string_view kind,
                        std::string_view display_name, std::string_view role, std::string_view scoped_json,
                        std::optional<std::int64_t> expires_unix);

// The live (unrevoked, unexpired) token with this secret, or nullopt.
std::optional<LiveToken> find_live_token(pqxx::transaction_base& tx, std::string_view secret);

std::vector<TokenListing> list_tokens(db::Pool& db, const access::Identity& who);

struct NewTokenRequest {
  std::string display_name;
  TokenRole role = TokenRole::kRead;
  std::string scoped_json;  // canonical (domain/token_request.hpp)
  std::optional<std::int64_t> expires_unix;
};
struct CreatedToken {
  TokenListing stored;
  std::string secret;  // this once
};
CreatedToken create_token(db::Pool& db, const access::Identity& who, const NewTokenRequest& request,
                          const std::string& request_id);

// 404 when the caller has no such live token.
void revoke_token(db::Pool& db, Invalidator& invalidator, const access::Identity& who, const std::string& token_id,
                  const std::string& request_id);
// Revokes whatever live tokens these secrets are, whoever's they are.
void revoke_leaked(db::Pool& db, Invalidator& invalidator, const std::vector<std::string>& secrets);

}  // namespace hub::auth

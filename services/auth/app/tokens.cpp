// The token use cases.
#include "services/auth/app/tokens.hpp"

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/app/access_checks.hpp"
#include "services/auth/app/audit_trail.hpp"
#include "services/auth/app/random_secrets.hpp"
#include "services/auth/domain/token_format.hpp"

namespace hub::auth {

IssuedToken issue_token(pqxx::work& tx, const std::string& user_id, std::string_view kind,
                        std::string_view display_name, std::string_view role, std::string_view scoped_json,
                        std::optional<std::int64_t> expires_unix) {
  IssuedToken out{util::uuid4(), new_token_secret()};
  insert_token(
      tx, NewToken{out.id, user_id, kind, display_name, role, scoped_json, secret_digest(out.secret), expires_unix});
  return out;
}

std::optional<LiveToken> find_live_token(pqxx::transaction_base& tx, std::string_view secret) {
  if (!plausible_secret(secret)) return std::nullopt;
  return find_live_token_by_digest(tx, secret_digest(secret));
}

std::vector<TokenListing> list_tokens(db::Pool& db, const access::Identity& who) {
  return db::transact(db, [&](pqxx::work& tx) { return live_access_tokens(tx, who.user_id); });
}

CreatedToken create_token(db::Pool& db, const access::Identity& who, const NewTokenRequest& request,
                          const std::string& request_id) {
  const std::string_view role = token_role_name(request.role);
  auto created = db::transact(db, [&](pqxx::work& tx) {
    require_token_manager(tx, who);
    IssuedToken t = issue_token(tx, who.user_id, kAccessToken, request.display_name, role, request.scoped_json,
                                request.expires_unix);
    AuditEntry entry = audit_by(who, "token.create", t.id);
    json::Writer d;
    d.begin_object().field("displayName", request.display_name).field("role", role).end_object();
    entry.details_json = d.str();
    audit(tx, entry);
    return CreatedToken{token_listing(tx, t.id), t.secret};
  });
  log::info("token created", {{"user", who.user_id}, {"token", created.stored.id}, {"requestId", request_id}});
  return created;
}

void revoke_token(db::Pool& db, Invalidator& invalidator, const access::Identity& who, const std::string& token_id,
                  const std::string& request_id) {
  db::transact(db, [&](pqxx::work& tx) {
    require_token_manager(tx, who);
    if (!revoke_token(tx, token_id, who.user_id)) throw ApiError(ErrorCode::kNotFound, "no such token");
    audit(tx, audit_by(who, "token.revoke", token_id));
  });
  log::info("token revoked", {{"user", who.user_id}, {"token", token_id}, {"requestId", request_id}});
  invalidator.user_changed(who.user_id);
}

void revoke_leaked(db::Pool& db, Invalidator& invalidator, const std::vector<std::string>& secrets) {
  std::vector<std::string> digests;
  for (const auto& secret : secrets) {
    if (plausible_secret(secret)) digests.push_back(secret_digest(secret));
  }
  const auto owners = db::transact(db, [&](pqxx::work& tx) {
    std::vector<std::string> users;
    for (const auto& d : digests) {
      for (auto& user : revoke_by_digest(tx, d))
        users.push_back(std::move(user));
    }
    return users;
  });
  for (const auto& user : owners)
    invalidator.user_changed(user);
}

}  // namespace hub::auth

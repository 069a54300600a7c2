// The token queries.
#include "services/auth/store/token_store.hpp"

#include "common/db/prepared.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kInsertToken =
    "INSERT INTO auth.tokens (id, user_id, kind, display_name, role, scoped, secret_sha256, expires_at) "
    "VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, to_timestamp(NULLIF($8, '')::bigint))";
const std::string kFindLiveToken =
    "SELECT t.id, t.kind, t.role, t.scoped::text, u.id, u.name, u.is_site_admin, "
    "EXTRACT(EPOCH FROM t.expires_at - t.created_at)::bigint "
    "FROM auth.tokens t JOIN auth.users u ON u.id = t.user_id "
    "WHERE t.secret_sha256 = $1 AND " +
    std::string(kLiveToken);
const std::string kFindLiveCaller =
    "SELECT u.id, u.name, t.kind, t.role, t.scoped::text FROM auth.tokens t JOIN auth.users u ON u.id = "
    "t.user_id WHERE t.id = $1 AND " +
    std::string(kLiveToken);
const std::string kFindLiveCallerOf =
    "SELECT u.id, u.name, t.kind, t.role, t.scoped::text FROM auth.tokens t JOIN auth.users u ON u.id = t.user_id "
    "WHERE t.id = $1 AND u.id = $2 AND " +
    std::string(kLiveToken);
constexpr std::string_view kFindTokenReach =
    "SELECT kind, role, scoped::text FROM auth.tokens WHERE id = $1 AND user_id = $2";
const std::string kTokenColumns =
    "id, display_name, role, scoped::text AS scoped, to_char(created_at AT TIME ZONE 'UTC', '" + std::string(kRfc3339) +
    "') AS created_at, to_char(expires_at AT TIME ZONE 'UTC', '" + std::string(kRfc3339) + "') AS expires_at";
const std::string kLiveAccessTokens = "SELECT " + kTokenColumns +
                                      " FROM auth.tokens WHERE user_id = $1 AND kind = 'access' AND revoked_at IS NULL "
                                      "AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at, id";
const std::string kTokenListing = "SELECT " + kTokenColumns + " FROM auth.tokens WHERE id = $1";
const std::string kTokenDetails =
    "SELECT kind, display_name, role, scoped::text, to_char(created_at AT TIME ZONE 'UTC', '" + std::string(kRfc3339) +
    "'), extract(epoch FROM expires_at)::bigint " + "FROM auth.tokens WHERE id = $1 AND user_id = $2";
constexpr std::string_view kRevokeToken =
    "UPDATE auth.tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL "
    "RETURNING id";
constexpr std::string_view kRevokeSession =
    "UPDATE auth.tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND kind = 'session' "
    "AND revoked_at IS NULL";
constexpr std::string_view kRevokeSessionsOf =
    "UPDATE auth.tokens SET revoked_at = now() WHERE user_id = $1 AND kind = 'session' "
    "AND revoked_at IS NULL";
constexpr std::string_view kRevokeByDigest =
    "UPDATE auth.tokens SET revoked_at = now() WHERE secret_sha256 = $1 AND revoked_at IS NULL "
    "RETURNING user_id";

TokenListing listing_from(const pqxx::row& row) {
  TokenListing t{row["id"].as<std::string>(),     row["display_name"].as<std::string>(), row["role"].as<std::string>(),
                 row["scoped"].as<std::string>(), row["created_at"].as<std::string>(),   std::nullopt};
  if (!row["expires_at"].is_null()) t.expires_at = row["expires_at"].as<std::string>();
  return t;
}

CallerToken caller_from(const pqxx::row& row) {
  return CallerToken{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                     row[3].as<std::string>(), row[4].as<std::string>()};
}

}  // namespace

void insert_token(pqxx::work& tx, const NewToken& t) {
  tx.exec_params(std::string(kInsertToken), t.id, t.user_id, std::string(t.kind), std::string(t.display_name),
                 std::string(t.role), std::string(t.scoped_json), pqxx::binarystring(t.digest),
                 t.expires_unix ? std::to_string(*t.expires_unix) : std::string());
}

std::optional<LiveToken> find_live_token_by_digest(pqxx::transaction_base& tx, std::string_view digest) {
  // The gateway's every cache miss: planned once per connection rather than per request.
  auto r = db::exec_statement(tx, kFindLiveToken, pqxx::binarystring(std::string(digest)));
  if (r.empty()) return std::nullopt;
  return LiveToken{r[0][0].as<std::string>(),
                   r[0][1].as<std::string>(),
                   r[0][2].as<std::string>(),
                   r[0][3].as<std::string>(),
                   r[0][4].as<std::string>(),
                   r[0][5].as<std::string>(),
                   r[0][6].as<bool>(),
                   r[0][7].is_null() ? std::nullopt : std::optional<std::int64_t>(r[0][7].as<std::int64_t>())};
}

std::optional<CallerToken> find_live_caller(pqxx::transaction_base& tx, const std::string& token_id) {
  auto r = tx.exec_params(kFindLiveCaller, token_id);
  if (r.empty()) return std::nullopt;
  return caller_from(r[0]);
}

std::optional<CallerToken> find_live_caller_of(pqxx::transaction_base& tx, const std::string& token_id,
                                               const std::string& user_id) {
  auto r = tx.exec_params(kFindLiveCallerOf, token_id, user_id);
  if (r.empty()) return std::nullopt;
  return caller_from(r[0]);
}

std::optional<TokenReach> find_token_reach(pqxx::transaction_base& tx, const std::string& token_id,
                                           const std::string& user_id) {
  auto r = tx.exec_params(std::string(kFindTokenReach), token_id, user_id);
  if (r.empty()) return std::nullopt;
  return TokenReach{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
}

std::vector<TokenListing> live_access_tokens(pqxx::transaction_base& tx, const std::string& user_id) {
  std::vector<TokenListing> out;
  for (const auto& row : tx.exec_params(kLiveAccessTokens, user_id))
    out.push_back(listing_from(row));
  return out;
}

TokenListing token_listing(pqxx::transaction_base& tx, const std::string& token_id) {
  return listing_from(tx.exec_params(kTokenListing, token_id)[0]);
}

std::optional<TokenDetails> token_details(pqxx::transaction_base& tx, const std::string& token_id,
                                          const std::string& user_id) {
  auto t = tx.exec_params(kTokenDetails, token_id, user_id);
  if (t.empty()) return std::nullopt;
  return TokenDetails{t[0][0].as<std::string>(),
                      t[0][1].as<std::string>(),
                      t[0][2].as<std::string>(),
                      t[0][3].as<std::string>(),
                      t[0][4].as<std::string>(),
                      t[0][5].is_null() ? std::nullopt : std::optional<std::int64_t>(t[0][5].as<std::int64_t>())};
}

bool revoke_token(pqxx::work& tx, const std::string& token_id, const std::string& user_id) {
  return !tx.exec_params(std::string(kRevokeToken), token_id, user_id).empty();
}

void revoke_session(pqxx::work& tx, const std::string& token_id, const std::string& user_id) {
  tx.exec_params(std::string(kRevokeSession), token_id, user_id);
}

void revoke_sessions_of(pqxx::work& tx, const std::string& user_id) {
  tx.exec_params(std::string(kRevokeSessionsOf), user_id);
}

std::vector<std::string> revoke_by_digest(pqxx::work& tx, std::string_view digest) {
  std::vector<std::string> users;
  for (const auto& row : tx.exec_params(std::string(kRevokeByDigest), pqxx::binarystring(std::string(digest))))
    users.push_back(row[0].as<std::string>());
  return users;
}

}  // namespace hub::auth

#include <cctype>
#include <ctime>

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/secrets.hpp"

namespace hub::auth {

IssuedToken issue_token(pqxx::work& tx, const std::string& user_id, std::string_view kind,
                        std::string_view display_name, std::string_view role, std::string_view scoped_json,
                        std::optional<std::int64_t> expires_unix) {
  IssuedToken out{util::uuid4(), new_token_secret()};
  const std::string digest = secret_digest(out.secret);
  tx.exec_params(
      "INSERT INTO auth.tokens (id, user_id, kind, display_name, role, scoped, secret_sha256, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, to_timestamp(NULLIF($8, '')::bigint))",
      out.id, user_id, std::string(kind), std::string(display_name), std::string(role), std::string(scoped_json),
      pqxx::binarystring(digest), expires_unix ? std::to_string(*expires_unix) : std::string());
  return out;
}

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  std::tm tm{};
  const std::string s(text);
  const char* rest = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return std::nullopt;
  if (*rest == '.') {
    ++rest;
    if (!std::isdigit(static_cast<unsigned char>(*rest))) return std::nullopt;
    while (std::isdigit(static_cast<unsigned char>(*rest)))
      ++rest;
  }
  if (std::string_view(rest) != "Z" && std::string_view(rest) != "+00:00") return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::optional<LiveToken> find_live_token(db::Pool& db, std::string_view secret) {
  if (!plausible_secret(secret)) return std::nullopt;
  return db::read_once(db, [&](pqxx::nontransaction& tx) { return find_live_token(tx, secret); });
}

std::optional<LiveToken> find_live_token(pqxx::transaction_base& tx, std::string_view secret) {
  if (!plausible_secret(secret)) return std::nullopt;
  const std::string digest = secret_digest(secret);
  // The gateway's every cache miss: prepared once per connection (pqxx does so on first use), so
  // PostgreSQL plans it once rather than per request.
  tx.conn().prepare("hub_live_token",
                    "SELECT t.id, t.kind, t.role, t.scoped::text, u.id, u.name, u.is_site_admin, "
                    "EXTRACT(EPOCH FROM t.expires_at - t.created_at)::bigint "
                    "FROM auth.tokens t JOIN auth.users u ON u.id = t.user_id "
                    "WHERE t.secret_sha256 = $1 AND " HUB_LIVE_TOKEN);
  auto r = tx.exec_prepared("hub_live_token", pqxx::binarystring(digest));
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

}  // namespace hub::auth

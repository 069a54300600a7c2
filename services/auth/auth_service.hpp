#pragma once
// What the auth service's route files share: its configuration, the request helpers they all use,
// and the token store (tokens are issued by login and by the settings API, resolved by the gateway's
// introspection, shown by whoami).
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/db/pool.hpp"
#include "common/http/handler_support.hpp"
#include "common/http/route_dispatcher.hpp"
#include "common/json/json.hpp"
#include "common/service/service.hpp"
#include "services/auth/invalidation.hpp"

namespace hub::auth {

struct AuthConfig {
  bool open_signup = true;                       // HUB_OPEN_SIGNUP=0 leaves account creation to admins
  std::chrono::hours session_lifetime{24 * 30};  // login tokens
  std::string data_dir;                          // the admin token file goes here
  std::shared_ptr<Invalidator> invalidator;      // told after every revocation commits
};

// RFC 3339 UTC with milliseconds, as SQL renders it.
inline constexpr std::string_view kRfc3339 = R"(YYYY-MM-DD"T"HH24:MI:SS.MS"Z")";

using http::json_body;
using http::require_user;

// The SQL condition of a live token, for queries that alias auth.tokens `t`: not revoked, not expired.
#define HUB_LIVE_TOKEN "t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())"

struct IssuedToken {
  std::string id;
  std::string secret;  // shown once, never stored
};
IssuedToken issue_token(pqxx::work& tx, const std::string& user_id, std::string_view kind,
                        std::string_view display_name, std::string_view role, std::string_view scoped_json,
                        std::optional<std::int64_t> expires_unix);
// "2026-12-31T23:59:59Z" (fraction allowed, UTC only) as unix seconds.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

struct LiveToken {
  std::string id;
  std::string kind;
  std::string role;
  std::string scoped_json;
  std::string user_id;
  std::string user_name;
  bool site_admin = false;
  std::optional<std::int64_t> lifetime_seconds;  // from creation to expiry; unset: never expires
};
// The live (unrevoked, unexpired) token with this secret, or nullopt.
std::optional<LiveToken> find_live_token(db::Pool& db, std::string_view secret);
std::optional<LiveToken> find_live_token(pqxx::transaction_base& tx, std::string_view secret);

void install_accounts(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config);
void install_tokens(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config);
void install_orgs(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config);
void install_registry(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config);
void install_org_policies(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config);
void install_groups(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config);
void install_audit(service::Context& ctx, http::RouteDispatcher& routes);
void install_whoami(service::Context& ctx, http::RouteDispatcher& routes);
void install_introspect(service::Context& ctx, http::RouteDispatcher& routes);
void install_namespace_access(service::Context& ctx, http::RouteDispatcher& routes);
void install_user_lookup(service::Context& ctx, http::RouteDispatcher& routes);
// Creates the first admin account and its token file once the database is reachable.
void start_bootstrap(service::Context& ctx, const AuthConfig& config);

}  // namespace hub::auth

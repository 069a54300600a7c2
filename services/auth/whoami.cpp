// GET /api/whoami-v2 in the Hub's shape (docs/hub-contract.md §1), so whoAmI of @huggingface/hub and
// huggingface_hub's whoami work unchanged.
#include "common/db/transaction.hpp"
#include "services/auth/auth_service.hpp"

namespace hub::auth {
namespace {

http::Response whoami(service::Context& ctx, http::Request& req) {
  if (!req.ctx.identity || req.ctx.identity->anonymous()) {
    throw ApiError(ErrorCode::kInvalidCredentials, "Invalid credentials in Authorization header");
  }
  const access::Identity& who = *req.ctx.identity;
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    auto u = tx.exec_params("SELECT id, name, fullname, email FROM auth.users WHERE id = $1", who.user_id);
    auto t = tx.exec_params("SELECT kind, display_name, role, scoped::text, to_char(created_at AT TIME ZONE 'UTC', '" +
                                std::string(kRfc3339) + "'), extract(epoch FROM expires_at)::bigint " +
                                "FROM auth.tokens WHERE id = $1 AND user_id = $2",
                            who.token_id, who.user_id);
    if (u.empty() || t.empty())
      throw ApiError(ErrorCode::kInvalidCredentials, "Invalid credentials in Authorization header");
    json::Writer w;
    w.begin_object()
        .field("id", u[0][0].as<std::string>())
        .field("type", "user")
        .field("name", u[0][1].as<std::string>())
        .field("fullname", u[0][2].as<std::string>())
        .field("email", u[0][3].as<std::string>())
        .field("emailVerified", false)
        .field("isPro", false)
        .field("canPay", false)
        .field("avatarUrl", "")
        .field("periodEnd", nullptr)
        .field("billingMode", "prepaid");
    auto orgs = tx.exec_params(
        "SELECT o.id, o.name, o.fullname, m.role FROM auth.memberships m JOIN auth.orgs o ON o.id = m.org_id "
        "WHERE m.user_id = $1 ORDER BY lower(o.name)",
        who.user_id);
    w.key("orgs").begin_array();
    for (const auto& o : orgs) {
      w.begin_object()
          .field("id", o[0].as<std::string>())
          .field("type", "org")
          .field("name", o[1].as<std::string>())
          .field("fullname", o[2].as<std::string>())
          .field("email", nullptr)
          .field("canPay", false)
          .field("avatarUrl", "")
          .field("periodEnd", nullptr)
          .field("roleInOrg", o[3].as<std::string>())
          .end_object();
    }
    w.end_array();
    w.key("auth").begin_object().field("type", "access_token");
    w.key("accessToken").begin_object();
    w.field("displayName", t[0][1].as<std::string>()).field("role", t[0][2].as<std::string>());
    w.field("createdAt", t[0][4].as<std::string>());
    if (t[0][2].as<std::string>() == "fineGrained") {
      auto scoped = json::parse(t[0][3].as<std::string>());
      w.key("fineGrained").begin_object().field("canReadGatedRepos", false);
      w.key("global").begin_array().end_array();
      w.key("scoped").raw_value(scoped.value());
      w.end_object();
    }
    w.end_object();
    if (!t[0][5].is_null()) w.field("expiresAt", t[0][5].as<std::int64_t>());
    w.end_object();
    w.end_object();
    return http::Response::json(200, w.str());
  });
}

}  // namespace

void install_whoami(service::Context& ctx, http::RouteDispatcher& routes) {
  routes.add("GET", "/api/whoami-v2", [&ctx](http::Request& r) { return whoami(ctx, r); });
}

}  // namespace hub::auth

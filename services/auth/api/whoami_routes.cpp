// GET /api/whoami-v2 in the Hub's shape (docs/hub-contract.md §1), so whoAmI of @huggingface/hub and
// huggingface_hub's whoami work unchanged (app/whoami.hpp).
#include "common/http/handler_support.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/whoami.hpp"

namespace hub::auth {
http::Response whoami_route(service::Context& ctx, http::Request& req) {
  if (!req.ctx.identity || req.ctx.identity->anonymous()) {
    throw ApiError(ErrorCode::kInvalidCredentials, "Invalid credentials in Authorization header");
  }
  const auto me = who_am_i(ctx.db, *req.ctx.identity);
  if (!me) throw ApiError(ErrorCode::kInvalidCredentials, "Invalid credentials in Authorization header");
  json::Writer w;
  w.begin_object()
      .field("id", me->user.id)
      .field("type", "user")
      .field("name", me->user.name)
      .field("fullname", me->user.fullname)
      .field("email", me->user.email)
      .field("emailVerified", false)
      .field("isPro", false)
      .field("canPay", false)
      .field("avatarUrl", "")
      .field("periodEnd", nullptr)
      .field("billingMode", "prepaid");
  w.key("orgs").begin_array();
  for (const auto& o : me->orgs) {
    w.begin_object()
        .field("id", o.org_id)
        .field("type", "org")
        .field("name", o.org_name)
        .field("fullname", o.org_fullname)
        .field("email", nullptr)
        .field("canPay", false)
        .field("avatarUrl", "")
        .field("periodEnd", nullptr)
        .field("roleInOrg", o.role)
        .end_object();
  }
  w.end_array();
  const TokenDetails& t = me->token;
  w.key("auth").begin_object().field("type", "access_token");
  w.key("accessToken").begin_object();
  w.field("displayName", t.display_name).field("role", t.role);
  w.field("createdAt", t.created_at);
  if (t.role == "fineGrained") {
    auto scoped = json::parse(t.scoped_json);
    w.key("fineGrained").begin_object().field("canReadGatedRepos", false);
    w.key("global").begin_array().end_array();
    w.key("scoped").raw_value(scoped.value());
    w.end_object();
  }
  w.end_object();
  if (t.expires_unix) w.field("expiresAt", *t.expires_unix);
  w.end_object();
  w.end_object();
  return http::Response::json(200, w.str());
}

}  // namespace hub::auth

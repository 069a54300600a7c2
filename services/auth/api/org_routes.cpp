// Organizations and their members (app/orgs.hpp).
#include "common/domain/names.hpp"
#include "common/http/handler_support.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/orgs.hpp"
#include "services/auth/domain/account_rules.hpp"
#include "services/auth/domain/member_roles.hpp"

namespace hub::auth {
http::Response create_org_route(service::Context& ctx, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  auto body = http::json_body(req);
  NewOrg command;
  command.name = std::string(json::get_string(body, "name").or_throw());
  domain::check_account_name(command.name).or_throw();
  auto fullname = json::get_optional_string(body, "fullname").or_throw();
  check_fullname(fullname);
  command.fullname = std::string(fullname.value_or(""));
  const std::string id = create_org(ctx.db, who, command, req.ctx.request_id);
  json::Writer w;
  w.begin_object().field("id", id).field("type", "org").field("name", command.name).field("fullname", command.fullname);
  w.end_object();
  return http::Response::json(201, w.str());
}

http::Response show_org_route(service::Context& ctx, http::Request& req) {
  const std::string caller = req.ctx.identity ? req.ctx.identity->user_id : std::string();
  const OrgCard card = get_org(ctx.db, req.param("org"), caller);
  json::Writer w;
  w.begin_object()
      .field("id", card.org.id)
      .field("type", "org")
      .field("name", card.org.name)
      .field("fullname", card.org.fullname)
      .field("avatarUrl", "")
      .field("numMembers", card.members);
  if (card.org.member()) w.field("roleInOrg", card.org.role_name);
  w.end_object();
  return http::Response::json(200, w.str());
}

http::Response org_members_route(service::Context& ctx, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const auto rows = org_members(ctx.db, req.param("org"), who);
  json::Writer w;
  w.begin_array();
  for (const auto& row : rows) {
    w.begin_object()
        .field("user", row.user)
        .field("fullname", row.fullname)
        .field("avatarUrl", "")
        .field("type", "user")
        .field("role", row.role)
        .end_object();
  }
  w.end_array();
  return http::Response::json(200, w.str());
}

http::Response set_member_role_route(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  auto body = http::json_body(req);
  const auto role = parse_assignable_role(json::get_string(body, "role").or_throw());
  if (!role) throw ApiError(ErrorCode::kBadRequest, "role is read, contributor, write or admin");
  set_member_role(ctx.db, invalidator, who, req.param("org"), req.param("user"), *role);
  return http::Response::json(200, R"({"success":true})");
}

http::Response remove_member_route(service::Context& ctx, Invalidator& invalidator, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  remove_member(ctx.db, invalidator, who, req.param("org"), req.param("user"));
  return http::Response::empty(204);
}

}  // namespace hub::auth

// GET/PUT /api/organizations/{org}/settings/security. Members read the policy (it explains the
// refusals they may meet); admins change it, never into one that shuts out their own address. Every
// change is audited and tells the gateways to drop what they decided under the old policy.
#include "services/auth/org_policies.hpp"

#include "common/db/transaction.hpp"
#include "services/auth/audit.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/directory.hpp"

namespace hub::auth {

access::OrgPolicy policy_from_row(const pqxx::row& row, pqxx::row::size_type first) {
  access::OrgPolicy p;
  if (row[first].is_null()) return p;  // no row joined: the defaults
  // Stored blocks were validated on the way in; one that no longer parses is dropped, not trusted.
  auto list = json::parse(row[first].as<std::string>());
  if (list && list->IsArray()) {
    for (const auto& item : list->GetArray()) {
      if (!item.IsString()) continue;
      if (auto block = net::parse_cidr(item.GetString())) p.ip_allowlist.push_back(*block);
    }
  }
  p.require_fine_grained_tokens = row[first + 1].as<bool>();
  if (!row[first + 2].is_null()) p.max_token_lifetime_days = row[first + 2].as<std::int64_t>();
  p.default_repo_visibility = row[first + 3].as<std::string>();
  return p;
}

access::OrgPolicy load_org_policy(pqxx::transaction_base& tx, const std::string& org_id) {
  auto r =
      tx.exec_params(std::string("SELECT ") + kPolicyColumns + " FROM auth.org_policies p WHERE p.org_id = $1", org_id);
  return r.empty() ? access::OrgPolicy{} : policy_from_row(r[0], 0);
}

void store_org_policy(pqxx::work& tx, const std::string& org_id, const access::OrgPolicy& p) {
  json::Writer blocks;
  blocks.begin_array();
  for (const auto& b : p.ip_allowlist)
    blocks.value(b.str());
  blocks.end_array();
  tx.exec_params(
      "INSERT INTO auth.org_policies (org_id, ip_allowlist, require_fine_grained, max_token_lifetime_days, "
      "default_repo_visibility) "
      "VALUES ($1, ARRAY(SELECT json_array_elements_text($2::json)), $3, NULLIF($4, '')::integer, $5) "
      "ON CONFLICT (org_id) DO UPDATE SET ip_allowlist = EXCLUDED.ip_allowlist, "
      "require_fine_grained = EXCLUDED.require_fine_grained, "
      "max_token_lifetime_days = EXCLUDED.max_token_lifetime_days, "
      "default_repo_visibility = EXCLUDED.default_repo_visibility, updated_at = now()",
      org_id, blocks.str(), p.require_fine_grained_tokens,
      p.max_token_lifetime_days ? std::to_string(*p.max_token_lifetime_days) : std::string(),
      p.default_repo_visibility);
}

namespace {

http::Response policy_answer(const access::OrgPolicy& p) {
  json::Writer w;
  write_policy(w, p);
  return http::Response::json(200, w.str());
}

http::Response get_policy(service::Context& ctx, http::Request& req) {
  const access::Identity& who = require_user(req);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const OrgAccess org = org_access(tx, req.param("org"), who.user_id);
    if (org.role.empty()) throw ApiError(ErrorCode::kForbidden, "only members see the security policy");
    return policy_answer(load_org_policy(tx, org.id));
  });
}

http::Response put_policy(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  access::OrgPolicy saved = db::transact(ctx.db, [&](pqxx::work& tx) {
    require_writing_credential(tx, who);
    const OrgAccess org =
        require_org_admin(tx, req.param("org"), who.user_id, "only an admin of the organization changes its policy");
    // Row lock: two admins saving at once each see the other's change, not a lost update.
    tx.exec_params("SELECT 1 FROM auth.org_policies WHERE org_id = $1 FOR UPDATE", org.id);
    access::OrgPolicy next = access::apply_policy_update(load_org_policy(tx, org.id), body).or_throw();
    auto here = net::parse_address(who.client_address);
    if (!next.ip_allowlist.empty() && (!here || !net::contains_any(next.ip_allowlist, *here))) {
      throw ApiError(ErrorCode::kBadRequest,
                     "this allowlist would shut out your own address (" + who.client_address + "); add it first");
    }
    store_org_policy(tx, org.id, next);
    AuditEntry entry = audit_from(req, "org.policy.update", org.name);
    entry.org_id = org.id;
    json::Writer d;
    write_policy(d, next);
    entry.details_json = d.str();
    audit(tx, entry);
    return next;
  });
  config.invalidator->everything_changed();
  return policy_answer(saved);
}

}  // namespace

void install_org_policies(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config) {
  routes.add("GET", "/api/organizations/{org}/settings/security",
             [&ctx](http::Request& r) { return get_policy(ctx, r); });
  routes.add("PUT", "/api/organizations/{org}/settings/security",
             [&ctx, config](http::Request& r) { return put_policy(ctx, config, r); });
}

}  // namespace hub::auth

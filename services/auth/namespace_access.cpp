// The decisions repos needs that are not about one existing repo, so the gateway cannot make them:
// may a caller create a repo in a namespace (and what does a new repo there default to), and which
// private repos may a caller see in a list.
#include "common/access/org_policy.hpp"
#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/decide.hpp"
#include "services/auth/org_policies.hpp"

namespace hub::auth {
namespace {

// A fine-grained token writes to a namespace only where an entry names it with repo.write.
bool scoped_write(const std::string& scoped_json, std::string_view ns) {
  return scoped_grant(scoped_json, [&](std::string_view type, std::string_view name) {
           return (type == "org" || type == "user") && util::iequals(name, ns);
         }) >= Role::kWrite;
}

http::Response namespace_access(service::Context& ctx, http::Request& req) {
  auto body = json_body(req);
  const std::string ns(json::get_string(body, "namespace").or_throw());
  const std::string user_id(json::get_string(body, "userId").or_throw());
  const std::string token_id(json::get_string(body, "tokenId").or_throw());
  const std::string client(json::get_optional_string(body, "clientAddress").or_throw().value_or(""));
  if (!util::is_uuid(user_id) || !util::is_uuid(token_id)) {
    throw ApiError(ErrorCode::kBadRequest, "userId and tokenId are UUIDs");
  }
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    auto r = tx.exec_params(std::string("SELECT u.name, t.kind, t.role, t.scoped::text, "
                                        "EXTRACT(EPOCH FROM t.expires_at - t.created_at)::bigint, o.id, m.role, ") +
                                kPolicyColumns +
                                " FROM auth.tokens t JOIN auth.users u ON u.id = t.user_id "
                                "LEFT JOIN auth.orgs o ON lower(o.name) = lower($3) "
                                "LEFT JOIN auth.org_policies p ON p.org_id = o.id "
                                "LEFT JOIN auth.memberships m ON m.org_id = o.id AND m.user_id = u.id "
                                "WHERE t.id = $1 AND u.id = $2 AND " HUB_LIVE_TOKEN,
                            token_id, user_id, ns);
    json::Writer w;
    w.begin_object();
    if (r.empty()) {
      w.field("exists", false).field("mayCreate", false).field("reason", "invalid credentials").end_object();
      return http::Response::json(200, w.str());
    }
    const auto row = r[0];
    const std::string kind = row[1].as<std::string>();
    const std::string token_role = row[2].as<std::string>();
    const bool own = util::iequals(row[0].as<std::string>(), ns);
    const bool org = !row[5].is_null();
    const std::string org_role = row[6].is_null() ? "" : row[6].as<std::string>();
    const bool token_writes = kind == "session" || token_role == "write" ||
                              (token_role == "fineGrained" && scoped_write(row[3].as<std::string>(), ns));
    std::string reason;
    std::string visibility = "public";
    if (!own && !org) {
      reason = "no organization named " + ns + " that you belong to";
    } else if (org && org_role != "contributor" && org_role != "write" && org_role != "admin") {
      reason = org_role.empty() ? "no organization named " + ns + " that you belong to"
                                : "your role in " + ns + " may not create repos";
    } else if (!token_writes) {
      reason = "this token may not create repos in " + ns;
    }
    if (org) {
      const access::OrgPolicy policy = policy_from_row(row, 7);
      visibility = policy.default_repo_visibility;
      if (reason.empty() && !org_role.empty()) {
        access::Credential credential{
            kind == "session", token_role,
            row[4].is_null() ? std::nullopt : std::optional<std::int64_t>(row[4].as<std::int64_t>())};
        if (auto refusal = access::policy_refusal(policy, credential, client)) reason = *refusal;
      }
    }
    // An org the caller does not belong to is reported as missing: its existence is not theirs to learn.
    w.field("exists", own || (org && !org_role.empty()))
        .field("kind", own ? "user" : "org")
        .field("mayCreate", reason.empty())
        .field("defaultVisibility", visibility);
    if (!reason.empty()) w.field("reason", reason);
    w.end_object();
    return http::Response::json(200, w.str());
  });
}

// Private repos the caller may read: those of its own namespace and of its orgs, each decided by
// effective_role() as a request about it would be.
http::Response readable_private(service::Context& ctx, http::Request& req) {
  auto body = json_body(req);
  const std::string user_id(json::get_string(body, "userId").or_throw());
  const std::string token_id(json::get_string(body, "tokenId").or_throw());
  if (!util::is_uuid(user_id) || !util::is_uuid(token_id)) {
    throw ApiError(ErrorCode::kBadRequest, "userId and tokenId are UUIDs");
  }
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    json::Writer w;
    w.begin_object().key("ids").begin_array();
    auto token = tx.exec_params(
        "SELECT u.name, t.kind, t.role, t.scoped::text FROM auth.tokens t JOIN auth.users u ON u.id = t.user_id "
        "WHERE t.id = $1 AND u.id = $2 AND " HUB_LIVE_TOKEN,
        token_id, user_id);
    if (!token.empty()) {
      CallerFacts who;
      who.authenticated = true;
      who.owns_namespace = false;
      who.token_role = token[0][1].as<std::string>() == "session" ? "write" : token[0][2].as<std::string>();
      who.scoped_json = token[0][3].as<std::string>();
      const std::string user_name = token[0][0].as<std::string>();
      auto rows = tx.exec_params(
          "SELECT r.id, r.type, r.namespace, r.name, r.creator_id = $1::uuid, r.resource_group_id IS NOT NULL, "
          "COALESCE(m.role, ''), COALESCE(gm.role, '') "
          "FROM auth.repos r "
          "LEFT JOIN auth.orgs o ON lower(o.name) = lower(r.namespace) "
          "LEFT JOIN auth.memberships m ON m.org_id = o.id AND m.user_id = $1::uuid "
          "LEFT JOIN auth.group_members gm ON gm.group_id = r.resource_group_id AND gm.user_id = $1::uuid "
          "WHERE r.private AND (lower(r.namespace) = lower($2) OR m.user_id IS NOT NULL)",
          user_id, user_name);
      for (const auto& row : rows) {
        RepoFacts repo{row[2].as<std::string>(),
                       row[3].as<std::string>(),
                       row[1].as<std::string>(),
                       true,
                       !row[4].is_null() && row[4].as<bool>(),
                       row[5].as<bool>()};
        who.owns_namespace = util::iequals(user_name, repo.namespace_name);
        who.org_role = stored_member_role(row[6].as<std::string>());
        who.group_role = stored_member_role(row[7].as<std::string>());
        if (effective_role(repo, who) >= Role::kRead) w.value(row[0].as<std::string>());
      }
    }
    w.end_array().end_object();
    return http::Response::json(200, w.str());
  });
}

}  // namespace

void install_namespace_access(service::Context& ctx, http::RouteDispatcher& routes) {
  routes.add("POST", "/internal/namespace-access", [&ctx](http::Request& r) { return namespace_access(ctx, r); });
  routes.add("POST", "/internal/readable-private-repos", [&ctx](http::Request& r) { return readable_private(ctx, r); });
}

}  // namespace hub::auth

// GET /api/organizations/{org}/audit-log: the org's entries, newest first, for its admins; filtered
// by action, actor and time; `Accept: application/x-ndjson` exports them one JSON object per line.
#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/directory.hpp"

namespace hub::auth_service {
namespace {

constexpr int kMaxEntries = 1000;

void write_entry(json::Writer& w, const pqxx::row& r) {
  w.begin_object()
      .field("id", r["id"].as<std::string>())
      .field("action", r["action"].as<std::string>())
      .field("target", r["target"].as<std::string>());
  w.key("actor")
      .begin_object()
      .field("id", r["actor_id"].as<std::string>())
      .field("name", r["actor_name"].as<std::string>());
  w.end_object();
  w.key("details").raw_value(json::parse(r["details"].as<std::string>()).value());
  w.field("sourceAddress", r["source_address"].as<std::string>()).field("createdAt", r["created_at"].as<std::string>());
  w.end_object();
}

http::Response audit_log(service::Context& ctx, http::Request& req) {
  const auth::Identity& who = require_user(req);
  const auto action = req.query_param("action").value_or("");
  const auto actor = req.query_param("actor").value_or("");
  auto since = req.query_param("since");
  auto until = req.query_param("until");
  std::optional<std::int64_t> since_unix, until_unix;
  if (since && !(since_unix = parse_rfc3339(*since))) throw ApiError(ErrorCode::kBadRequest, "since is RFC 3339 UTC");
  if (until && !(until_unix = parse_rfc3339(*until))) throw ApiError(ErrorCode::kBadRequest, "until is RFC 3339 UTC");
  const bool ndjson = util::to_lower(req.headers.get("Accept")).find("application/x-ndjson") != std::string::npos;
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const OrgAccess org =
        require_org_admin(tx, req.param("org"), who.user_id, "only admins of the organization read its audit log");
    auto rows = tx.exec_params(
        "SELECT id::text AS id, action, target, coalesce(actor_id::text, '') AS actor_id, actor_name, details::text "
        "AS details, source_address, created_at FROM auth.audit_log WHERE org_id = $1 "
        "AND ($2 = '' OR action = $2) AND ($3 = '' OR lower(actor_name) = lower($3)) "
        "AND ($4 = '' OR created_at::timestamptz >= to_timestamp(NULLIF($4, '')::bigint)) "
        "AND ($5 = '' OR created_at::timestamptz < to_timestamp(NULLIF($5, '')::bigint)) "
        "ORDER BY seq DESC LIMIT " +
            std::to_string(kMaxEntries),
        org.id, action, actor, since_unix ? std::to_string(*since_unix) : std::string(),
        until_unix ? std::to_string(*until_unix) : std::string());
    if (ndjson) {
      std::string out;
      for (const auto& r : rows) {
        json::Writer w;
        write_entry(w, r);
        out += w.str();
        out += '\n';
      }
      return http::Response::text(200, std::move(out), "application/x-ndjson");
    }
    json::Writer w;
    w.begin_array();
    for (const auto& r : rows)
      write_entry(w, r);
    w.end_array();
    return http::Response::json(200, w.str());
  });
}

}  // namespace

void install_audit(service::Context& ctx, http::RouteDispatcher& routes) {
  routes.add("GET", "/api/organizations/{org}/audit-log", [&ctx](http::Request& r) { return audit_log(ctx, r); });
}

}  // namespace hub::auth_service

// GET /api/organizations/{org}/audit-log: the org's entries, newest first, for its admins; filtered
// by action, actor and time; paged (`limit`, and the signed cursor of the `Link` header);
// `Accept: application/x-ndjson` exports them one JSON object per line, 1,000 a page by default.
#include "common/db/transaction.hpp"
#include "common/http/cursor.hpp"
#include "common/http/paging.hpp"
#include "common/util/strings.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/directory.hpp"

namespace hub::auth {
namespace {

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

http::Response audit_log(service::Context& ctx, const http::CursorSealer& sealer, http::Request& req) {
  const access::Identity& who = require_user(req);
  const auto action = req.query_param("action").value_or("");
  const auto actor = req.query_param("actor").value_or("");
  auto since = req.query_param("since");
  auto until = req.query_param("until");
  std::optional<std::int64_t> since_unix, until_unix;
  if (since && !(since_unix = parse_rfc3339(*since))) throw ApiError(ErrorCode::kBadRequest, "since is RFC 3339 UTC");
  if (until && !(until_unix = parse_rfc3339(*until))) throw ApiError(ErrorCode::kBadRequest, "until is RFC 3339 UTC");
  const bool ndjson = util::to_lower(req.headers.get("Accept")).find("application/x-ndjson") != std::string::npos;
  // An export takes the largest pages; a screen the default.
  const std::size_t limit = http::page_limit(req, ndjson ? http::kMaxPage : http::kDefaultPage);
  const std::string since_text = since_unix ? std::to_string(*since_unix) : std::string();
  const std::string until_text = until_unix ? std::to_string(*until_unix) : std::string();
  const auto cursor = req.query_param("cursor");
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const OrgAccess org =
        require_org_admin(tx, req.param("org"), who.user_id, "only admins of the organization read its audit log");
    // The cursor belongs to this org's log under these filters.
    const std::string list = "audit\n" + org.id + "\n" + action + "\n" + actor + "\n" + since_text + "\n" + until_text;
    std::string before;
    if (cursor) {
      auto position = sealer.open(list, *cursor);
      if (!position)
        throw ApiError(ErrorCode::kBadRequest, "this cursor is not from this list; start again without it");
      before = *position;
    }
    auto rows = tx.exec_params(
        "SELECT seq, id::text AS id, action, target, coalesce(actor_id::text, '') AS actor_id, actor_name, "
        "details::text AS details, source_address, created_at FROM auth.audit_log WHERE org_id = $1 "
        "AND ($2 = '' OR action = $2) AND ($3 = '' OR lower(actor_name) = lower($3)) "
        "AND ($4 = '' OR created_at::timestamptz >= to_timestamp(NULLIF($4, '')::bigint)) "
        "AND ($5 = '' OR created_at::timestamptz < to_timestamp(NULLIF($5, '')::bigint)) "
        "AND ($6 = '' OR seq < NULLIF($6, '')::bigint) "
        "ORDER BY seq DESC LIMIT " +
            std::to_string(limit + 1),
        org.id, action, actor, since_text, until_text, before);
    const bool more = rows.size() > limit;
    const std::size_t shown = more ? limit : rows.size();
    std::string link;
    if (more) {
      link = http::next_link(ctx.settings.public_url, req, sealer.seal(list, rows[shown - 1]["seq"].c_str()));
    }
    http::Response answer;
    if (ndjson) {
      std::string out;
      for (std::size_t i = 0; i < shown; ++i) {
        json::Writer w;
        write_entry(w, rows[i]);
        out += w.str();
        out += '\n';
      }
      answer = http::Response::text(200, std::move(out), "application/x-ndjson");
    } else {
      json::Writer w;
      w.begin_array();
      for (std::size_t i = 0; i < shown; ++i)
        write_entry(w, rows[i]);
      w.end_array();
      answer = http::Response::json(200, w.str());
    }
    if (more) answer.headers.set("Link", link);
    return answer;
  });
}

}  // namespace

void install_audit(service::Context& ctx, http::RouteDispatcher& routes) {
  auto sealer = std::make_shared<const http::CursorSealer>(ctx.settings.internal_secret);
  routes.add("GET", "/api/organizations/{org}/audit-log",
             [&ctx, sealer](http::Request& r) { return audit_log(ctx, *sealer, r); });
}

}  // namespace hub::auth

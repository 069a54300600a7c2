// GET /api/organizations/{org}/audit-log: the org's entries, newest first, for its admins; filtered
// by action, actor and time; paged (`limit`, and the signed cursor of the `Link` header);
// `Accept: application/x-ndjson` exports them one JSON object per line, 1,000 a page by default
// (app/audit_trail.hpp).
#include "common/http/cursor.hpp"
#include "common/http/handler_support.hpp"
#include "common/http/paging.hpp"
#include "common/util/strings.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/audit_trail.hpp"
#include "services/auth/domain/timestamps.hpp"

namespace hub::auth {
namespace {

void write_entry(json::Writer& w, const AuditRow& r) {
  w.begin_object().field("id", r.id).field("action", r.action).field("target", r.target);
  w.key("actor").begin_object().field("id", r.actor_id).field("name", r.actor_name);
  w.end_object();
  w.key("details").raw_value(json::parse(r.details).value());
  w.field("sourceAddress", r.source_address).field("createdAt", r.created_at);
  w.end_object();
}

http::Response audit_log(service::Context& ctx, const http::CursorSealer& sealer, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  AuditQuery query;
  query.org = std::string(req.param("org"));
  query.action = req.query_param("action").value_or("");
  query.actor = req.query_param("actor").value_or("");
  auto since = req.query_param("since");
  auto until = req.query_param("until");
  if (since && !(query.since_unix = parse_rfc3339(*since))) {
    throw ApiError(ErrorCode::kBadRequest, "since is RFC 3339 UTC");
  }
  if (until && !(query.until_unix = parse_rfc3339(*until))) {
    throw ApiError(ErrorCode::kBadRequest, "until is RFC 3339 UTC");
  }
  const bool ndjson = util::to_lower(req.headers.get("Accept")).find("application/x-ndjson") != std::string::npos;
  // An export takes the largest pages; a screen the default.
  query.limit = http::page_limit(req, ndjson ? http::kMaxPage : http::kDefaultPage);
  query.cursor = req.query_param("cursor");
  const AuditPage page = read_audit_log(ctx.db, sealer, who, query);
  http::Response answer;
  if (ndjson) {
    std::string out;
    for (const auto& entry : page.entries) {
      json::Writer w;
      write_entry(w, entry);
      out += w.str();
      out += '\n';
    }
    answer = http::Response::text(200, std::move(out), "application/x-ndjson");
  } else {
    json::Writer w;
    w.begin_array();
    for (const auto& entry : page.entries)
      write_entry(w, entry);
    w.end_array();
    answer = http::Response::json(200, w.str());
  }
  if (page.next_cursor) answer.headers.set("Link", http::next_link(ctx.settings.public_url, req, *page.next_cursor));
  return answer;
}

}  // namespace

void install_audit_routes(service::Context& ctx, http::RouteDispatcher& routes) {
  auto sealer = std::make_shared<const http::CursorSealer>(ctx.settings.internal_secret);
  routes.add("GET", "/api/organizations/{org}/audit-log",
             [&ctx, sealer](http::Request& r) { return audit_log(ctx, *sealer, r); }, {.signed_in = true});
}

}  // namespace hub::auth

// The bug-report API (docs/bugs.md): list with filters, full-text search, sorts and cursors;
// file from the repo's template; read with the timeline; change (text, triage, lifecycle, labels,
// assignees, fixedIn); comment; and the known bugs of a revision.
#include <memory>

#include "common/http/cursor.hpp"
#include "common/http/handler_support.hpp"
#include "common/http/paging.hpp"
#include "services/bugs/api/report_json.hpp"
#include "services/bugs/api/request_parts.hpp"
#include "services/bugs/api/routes.hpp"
#include "services/bugs/app/reports.hpp"

namespace hub::bugs {
namespace {

// Timeline entries in a report's answer; the rest follow from …/timeline.
constexpr std::int64_t kTimelineInReport = 100;

struct Shared {
  service::Context& ctx;
  Peers peers;
  http::CursorSealer sealer;
};

using http::caller;

Place request_place(const Shared& s, const http::Request& req) {
  return http::signed_repo_place(req, s.ctx.settings.public_url);
}

ListParams list_params(const http::Request& req) {
  ListParams p;
  p.status = req.query_params("status");
  p.severity = req.query_params("severity");
  p.label = req.query_params("label");
  p.assignee = req.query_param("assignee");
  p.author = req.query_param("author");
  p.affects = req.query_param("affects");
  p.q = req.query_param("q");
  p.sort = req.query_param("sort");
  p.limit = req.query_param("limit");
  return p;
}

ListQuery list_query(const Shared& s, const http::Request& req, const Place& place, const ListParams& params) {
  ListQuery query = parse_list_query(params).or_throw();
  if (auto cursor = req.query_param("cursor")) {
    auto position = s.sealer.open(query.cursor_scope(place.repo_id), *cursor);
    query.after = position ? parse_position(*position) : std::nullopt;
    if (!query.after) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
  }
  return query;
}

http::Response page_answer(const Shared& s, const http::Request& req, const Place& place, const ListQuery& query,
                           const ReportPage& page, const std::optional<std::string>& revision) {
  json::Writer w;
  w.begin_object();
  if (revision) w.field("revision", *revision).field("commit", page.commit);
  w.key("bugs").begin_array();
  for (const auto& r : page.reports)
    write_report_item(w, place, r);
  w.end_array().key("counts");
  write_counts(w, page.counts);
  if (!revision && !query.affects.empty()) w.field("commit", page.commit);
  w.end_object();
  http::Response res = http::Response::json(200, w.str());
  if (page.next) {
    res.headers.set("Link",
                    http::next_link(s.ctx.settings.public_url, req,
                                    s.sealer.seal(query.cursor_scope(place.repo_id), position_text(*page.next))));
  }
  return res;
}

http::Response list(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const ListQuery query = list_query(s, req, place, list_params(req));
  return page_answer(s, req, place, query, list_reports(s.ctx, s.peers, place, query, req.ctx.request_id),
                     std::nullopt);
}

http::Response known_bugs(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  ListParams params = list_params(req);
  const std::string revision(req.param("rev"));
  params.affects = revision;
  const ListQuery query = list_query(s, req, place, params);
  return page_answer(s, req, place, query, list_reports(s.ctx, s.peers, place, query, req.ctx.request_id), revision);
}

http::Response report_answer(int status, const Place& place, const ReportRow& report) {
  json::Writer w;
  w.begin_object();
  write_report_fields(w, place, report);
  w.end_object();
  return http::Response::json(status, w.str());
}

http::Response create(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const auto body = http::json_body(req);
  const NewReport report = new_report(body);
  const auto idem = http::idempotency_key(req);
  return report_answer(
      201, place, file_report(s.ctx, s.peers, place, caller(req), report, idem ? &*idem : nullptr, req.ctx.request_id));
}

http::Response details(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = report_number(req);
  const ReportDetails d = report_details(s.ctx, place, num, 0, kTimelineInReport);
  json::Writer w;
  w.begin_object();
  write_report_fields(w, place, d.report);
  w.key("timeline").begin_array();
  for (const auto& e : d.timeline)
    write_timeline_entry(w, place, num, e);
  w.end_array().field("timelineComplete", !d.more).end_object();
  return http::Response::json(200, w.str());
}

http::Response change(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = report_number(req);
  const auto body = http::json_body(req);
  const ReportChange c = report_change(body);
  return report_answer(200, place, change_report(s.ctx, s.peers, place, caller(req), num, c, req.ctx.request_id));
}

http::Response timeline(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = report_number(req);
  const std::int64_t limit = static_cast<std::int64_t>(http::page_limit(req));
  const std::string scope = "bug-timeline:" + place.repo_id + ":" + std::to_string(num);
  const std::int64_t after = s.sealer.open_number(scope, req.query_param("cursor"));
  const ReportDetails d = report_details(s.ctx, place, num, after, limit);
  json::Writer w;
  w.begin_object().key("timeline").begin_array();
  for (const auto& e : d.timeline)
    write_timeline_entry(w, place, num, e);
  w.end_array().end_object();
  http::Response res = http::Response::json(200, w.str());
  if (d.more) {
    res.headers.set("Link", http::next_link(s.ctx.settings.public_url, req,
                                            s.sealer.seal(scope, std::to_string(d.timeline.back().seq))));
  }
  return res;
}

http::Response comment(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = report_number(req);
  const auto body = http::json_body(req);
  const std::string text = checked_comment(json::get_string(body, "comment").or_throw()).or_throw();
  const auto idem = http::idempotency_key(req);
  const TimelineEntry entry =
      comment_on(s.ctx, s.peers, place, caller(req), num, text, idem ? &*idem : nullptr, req.ctx.request_id);
  json::Writer w;
  write_timeline_entry(w, place, num, entry);
  return http::Response::json(201, w.str());
}

}  // namespace

void install_report_routes(service::Context& ctx, http::RouteDispatcher& routes, const Peers& peers) {
  auto s = std::make_shared<Shared>(Shared{ctx, peers, http::CursorSealer(ctx.settings.internal_secret)});
  const std::string repo = "/api/{type:models|datasets|spaces}/{namespace}/{name}";
  const std::string one = repo + "/bugs/{num}";
  routes.add("GET", repo + "/bugs", [s](http::Request& r) { return list(*s, r); });
  routes.add("POST", repo + "/bugs", [s](http::Request& r) { return create(*s, r); });
  routes.add("GET", one, [s](http::Request& r) { return details(*s, r); });
  routes.add("PATCH", one, [s](http::Request& r) { return change(*s, r); });
  routes.add("GET", one + "/timeline", [s](http::Request& r) { return timeline(*s, r); });
  routes.add("POST", one + "/comments", [s](http::Request& r) { return comment(*s, r); });
  routes.add("GET", repo + "/revision/{rev:rev}/known-bugs", [s](http::Request& r) { return known_bugs(*s, r); });
}

}  // namespace hub::bugs

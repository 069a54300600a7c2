// The Hub's discussions API (README.md, "API reference") and our additions: pin,
// lock, reactions, full-text search, sorts and cursors.
#include <memory>

#include "common/http/cursor.hpp"
#include "common/http/handler_support.hpp"
#include "common/http/paging.hpp"
#include "common/util/strings.hpp"
#include "services/discussions/api/routes.hpp"
#include "services/discussions/api/thread_json.hpp"
#include "services/discussions/app/threads.hpp"

namespace hub::discussions {
namespace {

// Events of a thread's details in one answer; the rest follow the Link header.
constexpr std::int64_t kEventsPage = 100;

struct Shared {
  service::Context& ctx;
  std::shared_ptr<service::Peer> repos;
  std::shared_ptr<service::Peer> pulls;
  http::CursorSealer sealer;
};

using http::caller;

Place request_place(const Shared& s, const http::Request& req) {
  return http::signed_repo_place(req, s.ctx.settings.public_url);
}

std::int64_t thread_number(const http::Request& req) {
  const auto num = util::parse_int(req.param("num"));
  if (!num || *num <= 0) throw ApiError(ErrorCode::kNotFound, "no such discussion in this repo");
  return *num;
}

std::string text_field(const json::Value& body, std::string_view name) {
  return std::string(json::get_string(body, name).or_throw());
}

http::Response list(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  ListParams params{req.query_param("p"),      req.query_param("type"),   req.query_param("status"),
                    req.query_param("author"), req.query_param("search"), req.query_param("q"),
                    req.query_param("sort"),   req.query_param("limit")};
  ListQuery query = parse_list_query(params).or_throw();
  const std::string scope = query.cursor_scope(place.repo_id);
  if (auto cursor = req.query_param("cursor")) {
    auto position = s.sealer.open(scope, *cursor);
    query.after = position ? parse_position(*position) : std::nullopt;
    if (!query.after) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
  }
  const ThreadPage page = list_threads(s.ctx, place, query);
  json::Writer w;
  w.begin_object().key("discussions").begin_array();
  for (const auto& t : page.threads) {
    w.begin_object();
    write_thread_fields(w, place, t);
    w.end_object();
  }
  w.end_array().field("count", page.count).field("start", page.start).field("numClosedDiscussions", page.closed);
  w.end_object();
  http::Response res = http::Response::json(200, w.str());
  if (page.next) {
    res.headers.set("Link",
                    http::next_link(s.ctx.settings.public_url, req, s.sealer.seal(scope, position_text(*page.next))));
  }
  return res;
}

http::Response create(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  auto body = http::json_body(req);
  NewThread thread;
  thread.title = checked_title(text_field(body, "title")).or_throw();
  if (auto description = json::get_optional_string(body, "description").or_throw();
      description && !blank(*description)) {
    thread.description = checked_comment(*description).or_throw();
  }
  thread.pull_request = json::get_optional_bool(body, "pullRequest").or_throw().value_or(false);
  if (auto head = json::get_optional_string(body, "head").or_throw()) {
    if (!thread.pull_request) throw ApiError(ErrorCode::kBadRequest, "head opens a pull request: set pullRequest");
    if (head->empty() || head->size() > 255 || head->find("..") != std::string_view::npos) {
      throw ApiError(ErrorCode::kBadRequest, "head is a branch of the repo");
    }
    thread.head = std::string(*head);
  }
  const auto idem = http::idempotency_key(req);
  const std::int64_t num = open_discussion(s.ctx, *s.repos, *s.pulls, place, caller(req), thread,
                                           idem ? &*idem : nullptr, req.ctx.request_id);
  json::Writer w;
  w.begin_object().field("num", num);
  w.key("url").begin_object().field("web", place.web_url(num)).field("api", place.api_url(num)).end_object();
  w.end_object();
  return http::Response::json(200, w.str());
}

http::Response details(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = thread_number(req);
  const std::string scope = "events:" + place.repo_id + ":" + std::to_string(num);
  const std::int64_t after = s.sealer.open_number(scope, req.query_param("cursor"));
  const ThreadDetails d = thread_details(s.ctx, *s.pulls, place, num, after, kEventsPage, req.ctx.request_id);
  json::Writer w;
  w.begin_object();
  write_thread_fields(w, place, d.thread);
  write_thread_urls(w, place, d.thread);
  w.key("events").begin_array();
  for (const auto& e : d.events)
    write_event(w, e);
  w.end_array();
  if (d.thread.is_pull_request) {
    w.key("changes").begin_object().field("base", d.thread.base_ref);
    if (!d.thread.merge_commit_id.empty()) w.field("mergeCommitId", d.thread.merge_commit_id);
    w.end_object();
    // Left out when it cannot be known now (huggingface_hub reads it with .get()).
    if (d.conflicts) {
      w.key("filesWithConflicts").begin_array();
      for (const auto& path : *d.conflicts)
        w.value(path);
      w.end_array();
    }
  }
  w.end_object();
  http::Response res = http::Response::json(200, w.str());
  if (d.more) {
    res.headers.set("Link", http::next_link(s.ctx.settings.public_url, req,
                                            s.sealer.seal(scope, std::to_string(d.events.back().seq))));
  }
  return res;
}

http::Response event_answer(std::string_view field, const EventRow& event) {
  json::Writer w;
  w.begin_object().key(field);
  write_event(w, event);
  w.end_object();
  return http::Response::json(200, w.str());
}

http::Response comment(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = thread_number(req);
  auto body = http::json_body(req);
  const std::string text = checked_comment(text_field(body, "comment")).or_throw();
  const auto idem = http::idempotency_key(req);
  return event_answer("newMessage", post_comment(s.ctx, place, num, caller(req), text, idem ? &*idem : nullptr));
}

http::Response edit(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = thread_number(req);
  auto body = http::json_body(req);
  const std::string text = checked_comment(text_field(body, "content")).or_throw();
  return event_answer("updatedComment",
                      edit_comment(s.ctx, place, num, caller(req), util::to_lower(req.param("id")), text));
}

http::Response hide(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = thread_number(req);
  return event_answer("updatedComment", hide_comment(s.ctx, place, num, caller(req), util::to_lower(req.param("id"))));
}

http::Response status(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = thread_number(req);
  auto body = http::json_body(req);
  const Status to = requested_status(text_field(body, "status")).or_throw();
  std::string note;
  if (auto c = json::get_optional_string(body, "comment").or_throw(); c && !blank(*c)) {
    note = checked_comment(*c).or_throw();
  }
  const auto idem = http::idempotency_key(req);
  return event_answer("newStatus", change_status(s.ctx, place, num, caller(req), to, note, idem ? &*idem : nullptr));
}

http::Response title(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = thread_number(req);
  auto body = http::json_body(req);
  const std::string new_title = checked_title(text_field(body, "title")).or_throw();
  return event_answer("newTitle", rename_thread(s.ctx, place, num, caller(req), new_title));
}

http::Response flags(const Shared& s, http::Request& req, bool pin) {
  const Place place = request_place(s, req);
  const std::int64_t num = thread_number(req);
  auto body = http::json_body(req);
  const bool value = json::get_bool(body, pin ? "pinned" : "locked").or_throw();
  const ThreadRow t = set_thread_flags(s.ctx, place, num, caller(req), pin ? std::optional(value) : std::nullopt,
                                       pin ? std::nullopt : std::optional(value));
  json::Writer w;
  w.begin_object();
  write_thread_fields(w, place, t);
  w.end_object();
  return http::Response::json(200, w.str());
}

http::Response reaction(const Shared& s, http::Request& req) {
  const Place place = request_place(s, req);
  const std::int64_t num = thread_number(req);
  auto body = http::json_body(req);
  const std::string emoji = text_field(body, "reaction");
  const bool remove = json::get_optional_bool(body, "remove").or_throw().value_or(false);
  return event_answer("updatedComment",
                      react(s.ctx, place, num, caller(req), util::to_lower(req.param("id")), emoji, !remove));
}

}  // namespace

void install_thread_routes(service::Context& ctx, http::RouteDispatcher& routes, const DiscussionsConfig& config) {
  auto s = std::make_shared<Shared>(
      Shared{ctx, std::make_shared<service::Peer>("discussions", "repos", config.repos_addresses, ctx.signer),
             std::make_shared<service::Peer>("discussions", "pulls", config.pulls_addresses, ctx.signer),
             http::CursorSealer(ctx.settings.internal_secret)});
  const std::string base = "/api/{type:models|datasets|spaces}/{namespace}/{name}/discussions";
  const std::string one = base + "/{num}";
  routes.add("GET", base, [s](http::Request& r) { return list(*s, r); });
  routes.add("POST", base, [s](http::Request& r) { return create(*s, r); });
  routes.add("GET", one, [s](http::Request& r) { return details(*s, r); });
  routes.add("POST", one + "/comment", [s](http::Request& r) { return comment(*s, r); });
  routes.add("POST", one + "/comment/{id}/edit", [s](http::Request& r) { return edit(*s, r); });
  routes.add("POST", one + "/comment/{id}/hide", [s](http::Request& r) { return hide(*s, r); });
  routes.add("POST", one + "/comment/{id}/react", [s](http::Request& r) { return reaction(*s, r); });
  routes.add("POST", one + "/status", [s](http::Request& r) { return status(*s, r); });
  routes.add("POST", one + "/title", [s](http::Request& r) { return title(*s, r); });
  routes.add("POST", one + "/pin", [s](http::Request& r) { return flags(*s, r, true); });
  routes.add("POST", one + "/lock", [s](http::Request& r) { return flags(*s, r, false); });
}

}  // namespace hub::discussions

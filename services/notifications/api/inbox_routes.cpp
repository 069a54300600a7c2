#include "services/notifications/api/inbox_routes.hpp"

#include <memory>

#include "common/http/cursor.hpp"
#include "common/http/handler_support.hpp"
#include "common/http/paging.hpp"
#include "common/util/strings.hpp"
#include "services/notifications/api/item_json.hpp"
#include "services/notifications/app/fanout.hpp"
#include "services/notifications/app/inbox.hpp"
#include "services/notifications/app/watching.hpp"

namespace hub::notifications {
namespace {

struct Shared {
  service::Context& ctx;
  std::shared_ptr<const service::Peer> auth;
  http::CursorSealer sealer;
};

using http::caller;

http::Response list(const Shared& s, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const InboxFilter filter = parse_inbox_filter(InboxParams{req.query_param("unread"), req.query_param("state"),
                                                            req.query_param("repo"), req.query_param("reason")})
                                 .or_throw();
  const std::size_t limit = http::page_limit(req);
  const std::string scope = filter.cursor_scope(who.user_id);
  std::optional<std::int64_t> before;
  if (auto cursor = req.query_param("cursor")) {
    auto position = s.sealer.open(scope, *cursor);
    before = position ? parse_item_id(*position) : std::nullopt;
    if (!before) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
  }
  const InboxPage page = list_inbox(s.ctx, *s.auth, &who, filter, before, limit, req.ctx.request_id);
  json::Writer w;
  w.begin_array();
  for (const auto& item : page.items)
    write_item(w, item);
  w.end_array();
  http::Response res = http::Response::json(200, w.str());
  if (page.more) {
    res.headers.set("Link", http::next_link(s.ctx.settings.public_url, req,
                                            s.sealer.seal(scope, std::to_string(page.items.back().seq))));
  }
  return res;
}

http::Response count(const Shared& s, http::Request& req) {
  json::Writer w;
  w.begin_object().field("unread", unread_count(s.ctx, *s.auth, caller(req), req.ctx.request_id)).end_object();
  return http::Response::json(200, w.str());
}

http::Response mark(const Shared& s, http::Request& req) {
  http::require_user(req);
  const MarkRequest request = parse_mark_request(http::json_body(req)).or_throw();
  json::Writer w;
  w.begin_object().field("updated", mark_inbox(s.ctx, *s.auth, caller(req), request, req.ctx.request_id)).end_object();
  return http::Response::json(200, w.str());
}

http::Response mark_one(const Shared& s, http::Request& req, const char* state) {
  http::require_user(req);
  const auto seq = parse_item_id(req.param("id"));
  if (!seq) throw ApiError(ErrorCode::kNotFound, "no such notification");
  return http::Response::json(200, item_json(mark_item(s.ctx, *s.auth, caller(req), *seq, state, req.ctx.request_id)));
}

http::Response subscription_answer(const EffectiveLevel& level) {
  json::Writer w;
  w.begin_object()
      .field("level", watch_level_name(level.level))
      .field("source", watch_source_name(level.source))
      .end_object();
  return http::Response::json(200, w.str());
}

WatchLevel requested_level(const http::Request& req) {
  auto body = http::json_body(req);
  const auto level = parse_watch_level(json::get_string(body, "level").or_throw());
  if (!level) throw ApiError(ErrorCode::kBadRequest, "level is watching, participating or ignoring");
  return *level;
}

// GET, PUT and DELETE of one kind of subscription: `where` names what is watched from the request
// (and answers 401 without credentials before anything else is read; the dispatcher refuses
// anonymous callers first, the handlers check again).
template <class Where, class Read, class Watch, class Unwatch>
void add_subscription_routes(const std::shared_ptr<Shared>& s, http::RouteDispatcher& routes, const std::string& path,
                             Where where, Read read, Watch watch, Unwatch unwatch) {
  const http::HandlerOptions signed_in{.signed_in = true};
  routes.add(
      "GET", path,
      [s, where, read](http::Request& r) {
        const auto what = where(r);
        return subscription_answer(read(s->ctx, caller(r), what));
      },
      signed_in);
  routes.add(
      "PUT", path,
      [s, where, watch](http::Request& r) {
        const auto what = where(r);
        return subscription_answer(watch(s->ctx, caller(r), what, requested_level(r)));
      },
      signed_in);
  routes.add(
      "DELETE", path,
      [s, where, unwatch](http::Request& r) {
        const auto what = where(r);
        return subscription_answer(unwatch(s->ctx, caller(r), what));
      },
      signed_in);
}

void install_subscription_routes(const std::shared_ptr<Shared>& s, http::RouteDispatcher& routes) {
  add_subscription_routes(
      s, routes, "/api/{type:models|datasets|spaces}/{namespace}/{name}/subscription",
      [s](const http::Request& r) {
        http::require_user(r);
        return http::signed_repo_place(r, s->ctx.settings.public_url);
      },
      repo_subscription, watch_repo, unwatch_repo);
  add_subscription_routes(
      s, routes, "/api/organizations/{org}/subscription",
      [](const http::Request& r) {
        http::require_user(r);
        return std::string(r.param("org"));
      },
      org_subscription, watch_org, unwatch_org);
}

FanoutOptions fanout_options(const NotificationsConfig& config) {
  return FanoutOptions{.interval = config.inbox_fanout_interval,
                       .lease = config.inbox_claim_lease,
                       .batch = config.inbox_fanout_batch,
                       .max_backoff = config.inbox_retry_max};
}

}  // namespace

void install_inbox_routes(service::Context& ctx, http::RouteDispatcher& routes, const NotificationsConfig& config) {
  auto auth = std::make_shared<const service::Peer>("notifications", "auth", config.auth_addresses, ctx.signer);
  auto s = std::make_shared<Shared>(Shared{ctx, auth, http::CursorSealer(ctx.settings.internal_secret)});
  routes.add("GET", "/api/notifications", [s](http::Request& r) { return list(*s, r); }, {.signed_in = true});
  routes.add("GET", "/api/notifications/unread-count", [s](http::Request& r) { return count(*s, r); });
  routes.add("POST", "/api/notifications/read", [s](http::Request& r) { return mark(*s, r); }, {.signed_in = true});
  routes.add("POST", "/api/notifications/{id}/read", [s](http::Request& r) { return mark_one(*s, r, "read"); },
             {.signed_in = true});
  routes.add("POST", "/api/notifications/{id}/done", [s](http::Request& r) { return mark_one(*s, r, "done"); },
             {.signed_in = true});
  install_subscription_routes(s, routes);
  start_fanout(ctx, auth, std::make_shared<LiveSignal>(ctx.settings.redis_url), fanout_options(config));
}

}  // namespace hub::notifications

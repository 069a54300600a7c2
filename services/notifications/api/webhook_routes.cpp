// The webhook routes (docs/webhooks.md): the Hub's management API under
// /api/settings/webhooks for a user's own hooks, the same under
// /api/organizations/{org}/settings/webhooks for an org's (its admins only), and our delivery log,
// redelivery and test ping under both.
#include <algorithm>
#include <functional>
#include <memory>

#include "common/http/cursor.hpp"
#include "common/http/handler_support.hpp"
#include "common/http/paging.hpp"
#include "common/util/strings.hpp"
#include "services/notifications/api/routes.hpp"
#include "services/notifications/api/webhook_json.hpp"
#include "services/notifications/app/webhook_loops.hpp"
#include "services/notifications/app/webhooks.hpp"

namespace hub::notifications {
namespace {

struct Shared {
  std::shared_ptr<WebhookContext> wh;
  http::CursorSealer sealer;
};

// Whose hooks a route is about, once the caller may act for that owner.
using OwnerOf = std::function<HookOwner(Shared&, http::Request&, bool manage)>;

HookOwner own_hooks(Shared& s, http::Request& req, bool manage) {
  return user_hooks_owner(*s.wh, http::require_user(req), manage, req.ctx.request_id);
}

HookOwner org_hooks(Shared& s, http::Request& req, bool manage) {
  return org_hooks_owner(*s.wh, http::require_user(req), std::string(req.param("org")), manage, req.ctx.request_id);
}

// The body of a create or update (docs/webhooks.md): {watched, domains?, secret?, url} and our dailyCap.
HookChange change_of(const http::Request& req, int configured_cap) {
  const json::Document body = http::json_body(req);
  HookChange c;
  if (json::find(body, "jobSourceId") != nullptr) {
    throw ApiError(ErrorCode::kBadRequest, "webhooks that run jobs are not supported here: give a url");
  }
  if (const json::Value* watched = json::find(body, "watched")) {
    // An empty list changes nothing on update (huggingface_hub sends one when watched is not given).
    c.watched =
        watched->IsArray() && watched->Empty() ? std::vector<WatchedItem>{} : parse_watched(*watched).or_throw();
  }
  if (const json::Value* domains = json::find(body, "domains")) c.domains = parse_domains(*domains).or_throw();
  if (auto url = json::get_optional_string(body, "url").or_throw()) c.url = std::string(*url);
  if (body.HasMember("secret")) {
    c.secret_given = true;
    if (auto secret = json::get_optional_string(body, "secret").or_throw()) {
      c.secret = check_secret(*secret).or_throw();
    }
  }
  if (body.HasMember("dailyCap")) {
    c.cap_given = true;
    if (auto cap = json::get_optional_int(body, "dailyCap").or_throw()) {
      c.daily_cap = check_daily_cap(*cap, configured_cap).or_throw();
    }
  }
  return c;
}

// An extension POST's Idempotency-Key ("" for none).
std::string idempotency_key(const http::Request& req) {
  const std::string_view key = req.headers.get("Idempotency-Key");
  if (key.size() > 255 || !std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    throw ApiError(ErrorCode::kBadRequest, "Idempotency-Key is 1 to 255 printable characters");
  }
  return std::string(key);
}

std::string hook_id(const http::Request& req) {
  return std::string(req.param("id"));
}

http::Response list(Shared& s, const OwnerOf& owner_of, http::Request& req) {
  const HookOwner owner = owner_of(s, req, false);
  json::Writer w;
  w.begin_array();  // a bare array, as the Hub answers
  for (const auto& hook : list_webhooks(*s.wh, owner))
    write_webhook(w, hook, s.wh->config.webhook_daily_cap);
  w.end_array();
  return http::Response::json(200, w.str());
}

http::Response create(Shared& s, const OwnerOf& owner_of, http::Request& req) {
  const HookChange change = change_of(req, s.wh->config.webhook_daily_cap);
  const HookOwner owner = owner_of(s, req, true);
  const HookRow hook = create_webhook(*s.wh, owner, http::require_user(req), change, req.ctx.request_id);
  return http::Response::json(200, webhook_answer(hook, s.wh->config.webhook_daily_cap));
}

http::Response show(Shared& s, const OwnerOf& owner_of, http::Request& req) {
  const HookOwner owner = owner_of(s, req, false);
  return http::Response::json(200,
                              webhook_answer(get_webhook(*s.wh, owner, hook_id(req)), s.wh->config.webhook_daily_cap));
}

http::Response update(Shared& s, const OwnerOf& owner_of, http::Request& req) {
  const HookChange change = change_of(req, s.wh->config.webhook_daily_cap);
  const HookOwner owner = owner_of(s, req, true);
  const HookRow hook = update_webhook(*s.wh, owner, http::require_user(req), hook_id(req), change, req.ctx.request_id);
  return http::Response::json(200, webhook_answer(hook, s.wh->config.webhook_daily_cap));
}

http::Response remove(Shared& s, const OwnerOf& owner_of, http::Request& req) {
  delete_webhook(*s.wh, owner_of(s, req, true), hook_id(req));
  return http::Response::empty(204);
}

http::Response toggle(Shared& s, const OwnerOf& owner_of, http::Request& req, bool disabled) {
  const HookRow hook = set_webhook_disabled(*s.wh, owner_of(s, req, true), hook_id(req), disabled);
  return http::Response::json(200, webhook_answer(hook, s.wh->config.webhook_daily_cap));
}

http::Response deliveries(Shared& s, const OwnerOf& owner_of, http::Request& req) {
  const HookOwner owner = owner_of(s, req, false);
  const std::string id = hook_id(req);
  const std::size_t limit = http::page_limit(req);
  const std::string scope = "webhook-deliveries:" + id;
  std::optional<LogPosition> after;
  if (auto cursor = req.query_param("cursor")) {
    auto position = s.sealer.open(scope, *cursor);
    const auto colon = position ? position->find(':') : std::string::npos;
    const auto us = colon != std::string::npos ? util::parse_int(position->substr(0, colon)) : std::nullopt;
    if (!us) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
    after = LogPosition{*us, position->substr(colon + 1)};
  }
  const DeliveryPage page = list_webhook_deliveries(*s.wh, owner, id, after, limit);
  json::Writer w;
  w.begin_array();
  for (const auto& d : page.deliveries) {
    auto it = page.attempts.find(d.id);
    write_delivery(w, d, it == page.attempts.end() ? std::vector<AttemptRow>{} : it->second);
  }
  w.end_array();
  http::Response res = http::Response::json(200, w.str());
  if (page.next) {
    const std::string position = std::to_string(page.next->created_us) + ":" + page.next->id;
    res.headers.set("Link", http::next_link(s.wh->ctx.settings.public_url, req, s.sealer.seal(scope, position)));
  }
  return res;
}

http::Response redeliver_route(Shared& s, const OwnerOf& owner_of, http::Request& req) {
  const DeliveryRow d = redeliver_webhook_delivery(*s.wh, owner_of(s, req, true), hook_id(req),
                                                   std::string(req.param("delivery")), idempotency_key(req));
  return http::Response::json(200, delivery_answer(d, {}));
}

http::Response test(Shared& s, const OwnerOf& owner_of, http::Request& req) {
  const DeliveryRow d = ping_webhook(*s.wh, owner_of(s, req, true), hook_id(req), idempotency_key(req));
  return http::Response::json(200, delivery_answer(d, {}));
}

using Handler = http::Response (*)(Shared&, const OwnerOf&, http::Request&);

void add_both(http::RouteDispatcher& routes, const std::shared_ptr<Shared>& s, std::string_view method,
              std::string_view suffix, Handler handler) {
  const std::pair<std::string_view, OwnerOf> owners[] = {{"/api/settings/webhooks", own_hooks},
                                                         {"/api/organizations/{org}/settings/webhooks", org_hooks}};
  for (const auto& owner : owners) {
    routes.add(method, std::string(owner.first) + std::string(suffix),
               [s, owner_of = owner.second, handler](http::Request& req) { return handler(*s, owner_of, req); });
  }
}

}  // namespace

void install_webhook_routes(service::Context& ctx, http::RouteDispatcher& routes, const NotificationsConfig& config) {
  auto s =
      std::make_shared<Shared>(Shared{start_webhooks(ctx, config), http::CursorSealer(ctx.settings.internal_secret)});
  add_both(routes, s, "GET", "", list);
  add_both(routes, s, "POST", "", create);
  add_both(routes, s, "GET", "/{id}", show);
  add_both(routes, s, "POST", "/{id}", update);
  add_both(routes, s, "DELETE", "/{id}", remove);
  add_both(routes, s, "POST", "/{id}/enable",
           [](Shared& sh, const OwnerOf& o, http::Request& r) { return toggle(sh, o, r, false); });
  add_both(routes, s, "POST", "/{id}/disable",
           [](Shared& sh, const OwnerOf& o, http::Request& r) { return toggle(sh, o, r, true); });
  add_both(routes, s, "GET", "/{id}/deliveries", deliveries);
  add_both(routes, s, "POST", "/{id}/deliveries/{delivery}/redeliver", redeliver_route);
  add_both(routes, s, "POST", "/{id}/test", test);
}

}  // namespace hub::notifications

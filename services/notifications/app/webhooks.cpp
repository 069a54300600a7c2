#include "services/notifications/app/webhooks.hpp"

#include "common/crypto/sha256.hpp"
#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/http/outbound.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/notifications/app/webhook_auth.hpp"
#include "services/notifications/domain/hook_access.hpp"
#include "services/notifications/domain/webhook_payload.hpp"

namespace hub::notifications {
namespace {

constexpr std::string_view kInvalidCredentials = "invalid credentials";

[[noreturn]] void refuse(const OwnerAccess& a, std::string_view fallback) {
  if (a.reason == kInvalidCredentials) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  throw ApiError(ErrorCode::kForbidden, a.reason.empty() ? std::string(fallback) : a.reason);
}

std::string checked_url(const std::string& url) {
  if (url.size() > kMaxUrlBytes) throw ApiError(ErrorCode::kBadRequest, "url is at most 2048 bytes");
  auto parsed = http::parse_outbound_url(url);
  if (!parsed) throw ApiError(ErrorCode::kBadRequest, "url: " + parsed.error());
  return url;
}

// Each watched item as stored: a user or org that exists (with its name as stored), or a repo the
// hook's owner may receive (domain/hook_access.hpp), by its id. A repo that does not exist and one
// the owner may not read are refused alike, so a hook reveals no private repo's existence.
std::vector<StoredWatch> resolve_watched(WebhookContext& wh, const HookOwner& owner, const access::Identity& who,
                                         const std::vector<WatchedItem>& items, const std::string& request_id) {
  std::vector<std::string> names;
  for (const auto& item : items)
    if (item.is_namespace()) names.push_back(item.name);
  const auto found = lookup_namespaces(wh.auth, names, false, request_id);
  std::vector<StoredWatch> out;
  for (const auto& item : items) {
    if (item.is_namespace()) {
      auto it = found.find(util::to_lower(item.name));
      if (it == found.end() || it->second.kind != item.type) {
        throw ApiError(
            ErrorCode::kBadRequest,
            std::string("watched: no ") + (item.type == "org" ? "organization" : "user") + " named " + item.name);
      }
      out.push_back(StoredWatch{item.type, it->second.name, util::to_lower(it->second.name), ""});
      continue;
    }
    const std::string ns(item.ns());
    const RepoSight sight = see_repo(wh.auth, item.type, item.name, who.token_id, request_id);
    const bool foreign_org_repo = owner.kind == "org" && !util::iequals(ns, owner.name);
    const bool is_public = foreign_org_repo && see_repo(wh.auth, item.type, item.name, "", request_id).readable;
    if (!sight.readable || sight.repo_id.empty() ||
        !hook_may_receive(owner.kind, owner.name, ns, is_public, /*user_reads=*/true)) {
      throw ApiError(ErrorCode::kBadRequest,
                     "watched: no " + item.type + " named " + item.name + " that " + owner.name + " can read");
    }
    out.push_back(StoredWatch{item.type, item.name, "", sight.repo_id});
  }
  return out;
}

// A UUID that is a function of `text` (its SHA-256, with the version and variant bits of a v4 UUID):
// the same ping for a retry under the same Idempotency-Key.
std::string keyed_uuid(const std::string& text) {
  std::string hex = crypto::sha256_hex(text).substr(0, 32);
  hex[12] = '4';
  hex[16] = "89ab"[static_cast<unsigned char>(hex[16]) % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

HookRow must_find(pqxx::transaction_base& tx, const HookOwner& owner, const std::string& id) {
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no webhook with this id");
  auto hook = find_hook(tx, owner, id);
  if (!hook) throw ApiError(ErrorCode::kNotFound, "no webhook with this id");
  return std::move(*hook);
}

// Fills `hook` with what `change` asks, checking each field (and asking auth about watched items).
void apply(WebhookContext& wh, HookRow& hook, const access::Identity& who, const HookChange& change,
           const std::string& request_id) {
  if (change.url) hook.url = checked_url(*change.url);
  if (change.domains) hook.domains_json = domains_to_json(*change.domains);
  if (change.secret_given) {
    if (!change.secret || change.secret->empty()) {
      hook.secret_sealed.reset();
    } else {
      hook.secret_sealed = crypto::to_text(wh.secrets.seal(*change.secret));
    }
  }
  if (change.cap_given) hook.daily_cap = change.daily_cap;
  if (change.watched && !change.watched->empty()) {
    hook.watched = resolve_watched(wh, hook.owner, who, *change.watched, request_id);
  }
}

}  // namespace

HookOwner user_hooks_owner(WebhookContext& wh, const access::Identity& who, bool manage,
                           const std::string& request_id) {
  // Asked for reads too: a fine-grained token reaches webhooks only where an entry says so.
  const OwnerAccess a = webhook_owner_access(wh.auth, who, who.user_name, request_id);
  if (!a.may_read || (manage && !a.may_manage)) refuse(a, "this token may not manage webhooks");
  return HookOwner{"user", who.user_id, who.user_name};
}

HookOwner org_hooks_owner(WebhookContext& wh, const access::Identity& who, const std::string& org, bool manage,
                          const std::string& request_id) {
  const OwnerAccess a = webhook_owner_access(wh.auth, who, org, request_id);
  if (a.reason == kInvalidCredentials) refuse(a, "");
  if (!a.exists || a.kind != "org") {
    throw ApiError(ErrorCode::kNotFound, "no organization named " + org + " that you belong to");
  }
  if (!a.may_read || (manage && !a.may_manage)) refuse(a, "only an admin of " + org + " manages its webhooks");
  return HookOwner{"org", a.id, a.name};
}

std::vector<HookRow> list_webhooks(WebhookContext& wh, const HookOwner& owner) {
  return db::read_once(wh.ctx.db, [&](pqxx::nontransaction& tx) { return list_hooks(tx, owner); });
}

HookRow get_webhook(WebhookContext& wh, const HookOwner& owner, const std::string& id) {
  return db::read_once(wh.ctx.db, [&](pqxx::nontransaction& tx) { return must_find(tx, owner, id); });
}

HookRow create_webhook(WebhookContext& wh, const HookOwner& owner, const access::Identity& who,
                       const HookChange& change, const std::string& request_id) {
  if (!change.url) throw ApiError(ErrorCode::kBadRequest, "url is required (an http or https URL)");
  if (!change.watched || change.watched->empty()) {
    throw ApiError(ErrorCode::kBadRequest, "watched names at least one user, org or repo");
  }
  HookRow hook;
  hook.id = util::uuid4();
  hook.owner = owner;
  hook.domains_json = domains_to_json(default_domains());
  apply(wh, hook, who, change, request_id);
  db::transact(wh.ctx.db, [&](pqxx::work& tx) {
    if (count_hooks(tx, owner) >= static_cast<std::int64_t>(kMaxHooksPerOwner)) {
      throw ApiError(ErrorCode::kBadRequest,
                     "a user or organization has at most " + std::to_string(kMaxHooksPerOwner) + " webhooks");
    }
    insert_hook(tx, hook);
  });
  return get_webhook(wh, owner, hook.id);
}

HookRow update_webhook(WebhookContext& wh, const HookOwner& owner, const access::Identity& who, const std::string& id,
                       const HookChange& change, const std::string& request_id) {
  HookRow hook = get_webhook(wh, owner, id);
  apply(wh, hook, who, change, request_id);
  db::transact(wh.ctx.db, [&](pqxx::work& tx) {
    must_find(tx, owner, id);  // still there, still the owner's
    update_hook(tx, hook);
  });
  return get_webhook(wh, owner, id);
}

void delete_webhook(WebhookContext& wh, const HookOwner& owner, const std::string& id) {
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no webhook with this id");
  const bool deleted = db::transact(wh.ctx.db, [&](pqxx::work& tx) { return delete_hook(tx, owner, id); });
  if (!deleted) throw ApiError(ErrorCode::kNotFound, "no webhook with this id");
}

HookRow set_webhook_disabled(WebhookContext& wh, const HookOwner& owner, const std::string& id, bool disabled) {
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no webhook with this id");
  const bool found = db::transact(
      wh.ctx.db, [&](pqxx::work& tx) { return set_disabled(tx, owner, id, disabled, disabled ? "owner" : ""); });
  if (!found) throw ApiError(ErrorCode::kNotFound, "no webhook with this id");
  if (!disabled) sender_doorbell().ring();  // what waited for it is due
  return get_webhook(wh, owner, id);
}

DeliveryPage list_webhook_deliveries(WebhookContext& wh, const HookOwner& owner, const std::string& id,
                                     const std::optional<LogPosition>& after, std::size_t limit) {
  return db::read_once(wh.ctx.db, [&](pqxx::nontransaction& tx) {
    must_find(tx, owner, id);
    DeliveryPage page;
    page.deliveries = list_deliveries(tx, id, after, limit + 1);
    if (page.deliveries.size() > limit) {
      page.deliveries.resize(limit);
      page.next = LogPosition{page.deliveries.back().created_us, page.deliveries.back().id};
    }
    std::vector<std::string> ids;
    for (const auto& d : page.deliveries)
      ids.push_back(d.id);
    page.attempts = attempts_of(tx, ids);
    return page;
  });
}

DeliveryRow redeliver_webhook_delivery(WebhookContext& wh, const HookOwner& owner, const std::string& id,
                                       const std::string& delivery_id, const std::string& idempotency_key) {
  if (!util::is_uuid(delivery_id)) throw ApiError(ErrorCode::kNotFound, "no delivery with this id");
  auto row = db::transact(wh.ctx.db, [&](pqxx::work& tx) {
    const HookRow hook = must_find(tx, owner, id);
    if (hook.disabled) throw ApiError(ErrorCode::kConflict, "the webhook is disabled: enable it first");
    auto found = find_delivery(tx, id, delivery_id);
    if (!found) throw ApiError(ErrorCode::kNotFound, "no delivery with this id");
    if (found->state == "withheld") {
      throw ApiError(ErrorCode::kConflict, "this delivery was withheld: its repo is not the hook owner's to read");
    }
    redeliver(tx, id, delivery_id, idempotency_key);
    return *find_delivery(tx, id, delivery_id);
  });
  sender_doorbell().ring();
  return row;
}

DeliveryRow ping_webhook(WebhookContext& wh, const HookOwner& owner, const std::string& id,
                         const std::string& idempotency_key) {
  auto row = db::transact(wh.ctx.db, [&](pqxx::work& tx) {
    const HookRow hook = must_find(tx, owner, id);
    if (hook.disabled) throw ApiError(ErrorCode::kConflict, "the webhook is disabled: enable it first");
    NewDelivery ping;
    ping.id = idempotency_key.empty() ? util::uuid4() : keyed_uuid(id + "\n" + idempotency_key);
    ping.webhook_id = id;
    ping.event_type = "webhook.ping";
    ping.scope = "webhook";
    ping.action = "ping";
    ping.payload = build_ping(id);
    insert_delivery(tx, ping);
    return *find_delivery(tx, id, ping.id);
  });
  sender_doorbell().ring();
  return row;
}

}  // namespace hub::notifications

#pragma once
// The webhook management use cases (docs/webhooks.md "Managing hooks"): a user's own
// hooks under /api/settings/webhooks, an org's under /api/organizations/{org}/settings/webhooks
// (its admins only). Who may is asked of auth; every check that needs a peer is made before the
// transaction that writes.
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "services/notifications/app/webhook_context.hpp"
#include "services/notifications/domain/webhook_settings.hpp"
#include "services/notifications/store/delivery_store.hpp"
#include "services/notifications/store/webhook_store.hpp"

namespace hub::notifications {

// The owner a request is about, once the caller may act for it: the caller itself, or an org the
// caller administers, as auth decides (POST /internal/webhook-owner). `manage`: the request changes
// something (the token must allow it too). 404 for an org the caller does not belong to, 403 for a
// member who is not an admin or a token that may not.
HookOwner user_hooks_owner(WebhookContext& wh, const access::Identity& who, bool manage, const std::string& request_id);
HookOwner org_hooks_owner(WebhookContext& wh, const access::Identity& who, const std::string& org, bool manage,
                          const std::string& request_id);

// What a create or update asks. On update an absent field stays as it is, and so does an empty
// `watched` (huggingface_hub's update_webhook sends [] when it is not given).
struct HookChange {
  std::optional<std::vector<WatchedItem>> watched;
  std::optional<std::vector<std::string>> domains;
  std::optional<std::string> url;
  std::optional<std::string> secret;  // "" removes it
  bool secret_given = false;
  std::optional<int> daily_cap;  // with cap_given and no value: back to the configured cap
  bool cap_given = false;
};

std::vector<HookRow> list_webhooks(WebhookContext& wh, const HookOwner& owner);
HookRow get_webhook(WebhookContext& wh, const HookOwner& owner, const std::string& id);  // 404 when not the owner's
HookRow create_webhook(WebhookContext& wh, const HookOwner& owner, const access::Identity& who,
                       const HookChange& change, const std::string& request_id);
HookRow update_webhook(WebhookContext& wh, const HookOwner& owner, const access::Identity& who, const std::string& id,
                       const HookChange& change, const std::string& request_id);
void delete_webhook(WebhookContext& wh, const HookOwner& owner, const std::string& id);
HookRow set_webhook_disabled(WebhookContext& wh, const HookOwner& owner, const std::string& id, bool disabled);

// The delivery log (newest first) with each delivery's attempts.
struct DeliveryPage {
  std::vector<DeliveryRow> deliveries;
  std::map<std::string, std::vector<AttemptRow>> attempts;
  std::optional<LogPosition> next;
};
DeliveryPage list_webhook_deliveries(WebhookContext& wh, const HookOwner& owner, const std::string& id,
                                     const std::optional<LogPosition>& after, std::size_t limit);
// Sends a delivery again under the same id (a new attempt, a fresh run of the retry schedule). A
// retry under the same Idempotency-Key ("" for none) is the same redelivery.
DeliveryRow redeliver_webhook_delivery(WebhookContext& wh, const HookOwner& owner, const std::string& id,
                                       const std::string& delivery_id, const std::string& idempotency_key);
// Queues a test ping; 409 when the hook is disabled. A retry under the same Idempotency-Key answers
// the same ping.
DeliveryRow ping_webhook(WebhookContext& wh, const HookOwner& owner, const std::string& id,
                         const std::string& idempotency_key);

}  // namespace hub::notifications

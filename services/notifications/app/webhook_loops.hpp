#pragma once
// The background work of webhooks, each loop on a thread of its own until the service stops (it
// registers its stop in ctx.on_stop): the matcher (app/webhook_matcher.hpp), the sender
// (app/webhook_sender.hpp), and housekeeping — owners told in their inbox that a hook was disabled,
// the delivery log pruned to HUB_WEBHOOK_LOG_RETENTION, secrets sealed anew after a key rotation. Every loop survives a
// database, Redis or auth outage: it logs, waits, and picks up where the rows say it was.
#include <memory>

#include "common/service/service.hpp"
#include "services/notifications/app/webhook_context.hpp"
#include "services/notifications/config.hpp"

namespace hub::notifications {

// Builds what the webhook routes share and starts the loops.
std::shared_ptr<WebhookContext> start_webhooks(service::Context& ctx, const NotificationsConfig& config);

// Housekeeping's duties, one pass each (also for tests): owners told of disabled hooks; the log
// pruned; secrets sealed under an older key sealed anew under the current one (HUB_WEBHOOK_SECRET_KEYS
// rotates by putting a new key first; once this has run, the old one may go). Returns how many.
std::size_t deliver_webhook_notices(WebhookContext& wh);
void prune_webhook_log(WebhookContext& wh);
std::size_t reseal_webhook_secrets(WebhookContext& wh);

}  // namespace hub::notifications

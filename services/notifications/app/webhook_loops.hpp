#pragma once
// The background work of webhooks, each loop on a thread of its own until the service stops (it
// registers its stop in ctx.on_stop): the matcher (app/webhook_matcher.hpp), the sender
// (app/webhook_sender.hpp), and housekeeping — owners told in their inbox that a hook was disabled,
// and the delivery log pruned to HUB_WEBHOOK_LOG_RETENTION. Every loop survives a database, Redis or
// auth outage: it logs, waits, and picks up where the rows say it was.
#include <memory>

#include "common/service/service.hpp"
#include "services/notifications/app/webhook_context.hpp"
#include "services/notifications/config.hpp"

namespace hub::notifications {

// Builds what the webhook routes share and starts the loops.
std::shared_ptr<WebhookContext> start_webhooks(service::Context& ctx, const NotificationsConfig& config);

// Housekeeping's two duties, one pass each (also for tests).
std::size_t deliver_webhook_notices(WebhookContext& wh);
void prune_webhook_log(WebhookContext& wh);

}  // namespace hub::notifications

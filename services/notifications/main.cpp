// The notifications service (the inbox, live streams and webhooks that never lose an event): see docs/architecture.md
#include "common/service/service.hpp"
#include "hub_notifications_migrations.hpp"  // generated: hub::notifications::migrations()
#include "services/notifications/api/routes.hpp"
#include "services/notifications/app/inbox_events.hpp"
#include "services/notifications/app/webhook_intake.hpp"

int main(int argc, char** argv) {
  namespace svc = hub::notifications;
  hub::service::Spec spec{.name = "notifications", .default_port = 8086, .migrations = &svc::migrations};
  // Each event once, in the transaction that records it: pending notices for the inbox and the repos
  // it follows (app/inbox_events.hpp), and kept for the hooks that watch it (app/webhook_intake.hpp).
  spec.on_event = [](hub::service::Context& ctx, pqxx::work& tx, const hub::events::Envelope& event,
                     hub::events::AfterCommit& after_commit) {
    svc::follow_inbox_event(ctx, tx, event, after_commit);
    svc::take_event_for_webhooks(tx, event, after_commit);
  };
  return hub::service::run(argc, argv, spec, &svc::load_config, &svc::install_routes);
}

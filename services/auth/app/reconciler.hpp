#pragma once
// What auth learns from other services' events (schemas/events/README.md):
// - repo.created, repo.updated, repo.moved, repo.deleted keep the repo registry right when a
//   synchronous registration was missed (the reconciler): the event's state wins unless the
//   registry changed after the event happened, and a deleted repo never comes back;
// - any event whose data carries an `audit` object becomes an audit log entry (protection,
//   webhook, merge and visibility changes are audited by the services that make them).
#include <pqxx/pqxx>

#include "common/events/after_commit.hpp"
#include "common/events/envelope.hpp"
#include "services/auth/app/invalidator.hpp"

namespace hub::auth {

// Runs inside the consumer's transaction (common/events/consumer.hpp); a registry change is
// announced through `invalidator` once that transaction has committed (`after_commit`), so the
// invalidator must outlive the consumer's handling of the event.
void handle_event(pqxx::work& tx, const events::Envelope& event, events::AfterCommit& after_commit,
                  Invalidator& invalidator);

// Whether handle_event may act on the event (the consumer acknowledges the rest unhandled): a repo
// event of the registry, or data that names an `audit` object (a cheap look at the text, which says
// yes to a few events handle_event then ignores, never no to one it acts on).
bool may_handle_event(const events::Envelope& event);

}  // namespace hub::auth

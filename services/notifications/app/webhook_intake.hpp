#pragma once
// Events into webhooks, inside the consumer's transaction (service::Spec::on_event): what they say
// about repos (name, visibility; watched repos follow a move), and each event some enabled hook
// watches, kept as pending until a matcher turns it into deliveries (app/webhook_matcher.hpp). The
// same transaction records the event as consumed, so an event is kept exactly once and never lost
// between the stream and here. No network call: the matcher is woken after the commit.
#include <pqxx/pqxx>

#include "common/events/after_commit.hpp"
#include "common/events/envelope.hpp"

namespace hub::notifications {

void take_event_for_webhooks(pqxx::work& tx, const events::Envelope& event, events::AfterCommit& after_commit);

}  // namespace hub::notifications

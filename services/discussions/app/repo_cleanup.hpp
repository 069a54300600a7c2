#pragma once
// What discussions learns from other services' events: a deleted repo takes its threads with it
// (repo.deleted; a moved one keeps them, keyed by the repo's id), and a merged pull request's
// thread becomes merged (pull.merged: pulls also tells discussions at once; the event repairs a
// call that failed, and changes nothing when it arrived); a new bug report's number (bug.created)
// is remembered so that `#N` in a thread links to it.
#include <pqxx/pqxx>
#include <string>

#include "common/events/envelope.hpp"
#include "common/service/service.hpp"

namespace hub::discussions {

void follow_repo_event(service::Context& ctx, pqxx::work& tx, const events::Envelope& event);

// The events follow_repo_event acts on (the consumer acknowledges the rest unhandled).
bool follows_event(const events::Envelope& event);

}  // namespace hub::discussions

#pragma once
// The inbox's part of the events stream (docs/inbox.md, "From events to items"), inside the
// consumer's transaction: the repo's name followed at once (repo.moved renames items and watches;
// repo.deleted takes the repo's items, watches and threads with it), the thread's title and
// participants recorded, and a pending notice written for the fan-out (app/fanout.hpp), which is
// woken once the transaction has committed. No network call here.
#include <pqxx/pqxx>

#include "common/events/after_commit.hpp"
#include "common/events/envelope.hpp"
#include "common/service/service.hpp"

namespace hub::notifications {

void follow_inbox_event(service::Context& ctx, pqxx::work& tx, const events::Envelope& event,
                        events::AfterCommit& after_commit);

}  // namespace hub::notifications

#pragma once
// A removed member's assignments end (docs/bugs.md, "Assignees"). Auth says someone left an
// organization (org.member.removed); the consumer asks, in its transaction, for that person's
// assignments to be checked again (ask_assignment_recheck). A loop answers outside any transaction:
// auth says which of the repos where they are assigned they may still read, and for each other repo
// one transaction ends their assignments there, each report with a bug.updated event (`unassigned`).
// The request stays until answered, so auth or repos being down delays the check and loses nothing.
#include <cstddef>
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"
#include "common/service/service.hpp"
#include "services/bugs/app/peers.hpp"

namespace hub::bugs {

// For org.member.removed: the member's assignments are to be checked.
void ask_assignment_recheck(pqxx::work& tx, const events::Envelope& event);

// One pass over the waiting requests: how many were answered. Throws (and keeps the requests) when
// auth, repos or the database cannot answer.
std::size_t recheck_assignments(service::Context& ctx, const Peers& peers);

// The loop, every second until the service stops (ctx.on_stop).
void start_assignment_rechecks(service::Context& ctx, const Peers& peers);

}  // namespace hub::bugs

#pragma once
// A removed member's assignments end (docs/bugs.md, "Assignees"). Auth says someone left an
// organization (org.member.removed); the consumer asks, in its transaction, for that person's
// assignments to be checked again (ask_assignment_recheck). A loop answers outside any transaction:
// auth says which of the repos where they are assigned they may still read, and for each other repo
// one transaction ends their assignments there, each report with a bug.updated event (`unassigned`).
// The request stays until answered, so auth or repos being down delays the check and loses nothing;
// each is checked twice, at once and a minute later (an assignment checked before the removal may
// commit after the first check).
#include <cstddef>
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"
#include "common/service/service.hpp"
#include "services/bugs/app/peers.hpp"

namespace hub::bugs {

// For org.member.removed: the member's assignments are to be checked.
void ask_assignment_recheck(pqxx::work& tx, const events::Envelope& event);

// One pass over the requests due: how many were answered. Each that fails stays for the next pass;
// the first failure is rethrown once the others were tried.
std::size_t recheck_assignments(service::Context& ctx, const Peers& peers);

// The loop, every second until the service stops (ctx.on_stop).
void start_assignment_rechecks(service::Context& ctx, const Peers& peers);

}  // namespace hub::bugs

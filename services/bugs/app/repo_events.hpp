#pragma once
// What the bugs service learns from other services' events, in the transaction that records each
// one (so each changes things once, whatever the stream redelivers):
// - pull.merged: the numbers its description and commits close (`closes`, "fixes #N") that are bug
//   reports of the same repo are resolved by the merger, fixedIn the merge commit, the pull request
//   linked; a number that is no bug report changes nothing, and a pull request is linked to a
//   report once (a second event for it changes nothing either);
// - repo.deleted: the repo's reports, labels, template and counters go with it.
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"
#include "common/service/service.hpp"

namespace hub::bugs {

void follow_repo_event(service::Context& ctx, pqxx::work& tx, const events::Envelope& event);

// The events the bugs service acts on (the consumer acknowledges the rest unhandled): a deleted repo,
// a merged pull request, a member removed from an org.
bool follows_event(const events::Envelope& event);

}  // namespace hub::bugs

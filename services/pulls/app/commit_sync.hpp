#pragma once
// A pull request's commits shown in its thread: when refs/pr/N moves (a push, an API commit, the
// opening itself), a sync is written down in the same transaction; a loop then asks repos for the
// commits the pull request has over its base and gives discussions each one it has not shown yet
// (by sha, so any order of pushes and force-pushes comes out right). A peer that is down delays the
// commit events; nothing is lost, since a sync is deleted only once done.
#include <memory>
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"
#include "common/service/service.hpp"
#include "services/pulls/app/peers.hpp"
#include "services/pulls/store/sync_store.hpp"

namespace hub::pulls {

// From a repo.content event: each refs/pr/N that moved to a commit, for a pull request known here.
void follow_pull_refs(pqxx::work& tx, const events::Envelope& event);

// One pass over the pending syncs; how many finished.
std::size_t sync_pending_commits(service::Context& ctx, const Peers& peers);
// The loop, on a thread of its own until the process ends.
void start_commit_sync(service::Context& ctx, std::shared_ptr<Peers> peers);

}  // namespace hub::pulls

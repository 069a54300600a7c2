#pragma once
// What pulls learns from repos' events: a deleted repo takes its pull requests' review state with it
// (repo.deleted; a moved one keeps it, keyed by the repo's id), and a moved refs/pr/N has its new
// commits shown in the thread (repo.content; app/commit_sync.hpp).
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"

namespace hub::pulls {

void follow_repo_event(pqxx::work& tx, const events::Envelope& event);

// The events follow_repo_event acts on (the consumer acknowledges the rest unhandled): a deleted
// repo, and pushes (which may move a pull request's branch).
bool follows_event(const events::Envelope& event);

}  // namespace hub::pulls

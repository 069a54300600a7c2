#pragma once
// What pulls learns from repos' events: a deleted repo takes its pull requests' review state with it
// (repo.deleted; a moved one keeps it, keyed by the repo's id), and a moved refs/pr/N has its new
// commits shown in the thread (repo.content; app/commit_sync.hpp).
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"

namespace hub::pulls {

void follow_repo_event(pqxx::work& tx, const events::Envelope& event);

}  // namespace hub::pulls

#pragma once
// Which of the commits the repo's reports name are in a revision's history: what decides whether a
// report affects that revision (it descends from the affected commit and does not contain the
// fixing one). Ancestry comes from git through repos, once per pair of commits: an answer for two
// shas never changes, so it is kept (bugs.ancestry) and asked again only for new pairs.
#include <string>
#include <vector>

#include "common/service/service.hpp"
#include "services/bugs/app/peers.hpp"
#include "services/bugs/app/place.hpp"

namespace hub::bugs {

// The commit `revision` names in the repo (404 RevisionNotFound for none). A full sha repos vouched
// for before (an ancestry answer about it is kept) is taken as it is, without asking again: a
// commit's place in history never changes.
std::string commit_named(service::Context& ctx, const Peers& peers, const Place& place, const std::string& revision,
                         const std::string& request_id);

// Makes bugs.ancestry know, for every commit the repo's reports name (affected or fixing), whether
// it is in `commit`'s history: what the list with `affects` reads. Asks repos (1,000 commits a
// call) outside any transaction, only about commits not asked before; 503 when repos cannot answer.
void learn_history(service::Context& ctx, const Peers& peers, const Place& place, const std::string& commit,
                   const std::string& request_id);

}  // namespace hub::bugs

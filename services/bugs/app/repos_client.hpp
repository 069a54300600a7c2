#pragma once
// What the bugs service asks repos about git (its /internal/ ancestry endpoint, which resolves
// revisions as it answers): the commit a branch, tag or sha names, and whether one commit is an
// ancestor of another. Never inside a transaction.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/service/peer.hpp"
#include "services/bugs/app/place.hpp"

namespace hub::bugs {

// The commit `revision` names in the repo: 404 RevisionNotFound for none, 503 when repos cannot say.
std::string resolve_commit(const service::Peer& repos, const std::string& repo_id, const std::string& revision,
                           const std::string& request_id);

// Of `candidates` (commit shas), whether each is `descendant` or one of its ancestors, asked in
// batches of 1,000 (one call to repos each); a sha the repo lacks is left out (nothing to remember).
// 503 when repos cannot say.
std::map<std::string, bool> ancestors_among(const service::Peer& repos, const std::string& repo_id,
                                            const std::string& descendant, const std::vector<std::string>& candidates,
                                            const std::string& request_id);

// Where the repo is now (its type and name, from repos' registry, with `public_url` for its links);
// nullopt when repos knows no such repo (deleted). 503 when repos cannot say.
std::optional<Place> place_of_repo(const service::Peer& repos, const std::string& repo_id,
                                   const std::string& public_url, const std::string& request_id);

}  // namespace hub::bugs

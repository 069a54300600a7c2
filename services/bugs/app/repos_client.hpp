#pragma once
// What the bugs service asks repos about git (its /internal/ ancestry endpoint, which resolves
// revisions as it answers): the commit a branch, tag or sha names, and whether one commit is an
// ancestor of another. Never inside a transaction.
#include <optional>
#include <string>

#include "common/service/peer.hpp"

namespace hub::bugs {

// The commit `revision` names in the repo: 404 RevisionNotFound for none, 503 when repos cannot say.
std::string resolve_commit(const service::Peer& repos, const std::string& repo_id, const std::string& revision,
                           const std::string& request_id);

// Whether `ancestor` is `descendant` or one of its ancestors; nullopt when the repo lacks either
// commit (nothing to remember). 503 when repos cannot say.
std::optional<bool> is_ancestor(const service::Peer& repos, const std::string& repo_id, const std::string& ancestor,
                                const std::string& descendant, const std::string& request_id);

}  // namespace hub::bugs

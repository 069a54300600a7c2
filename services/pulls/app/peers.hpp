#pragma once
// The services pulls calls (docs/architecture.md, "Who calls whom"): repos (refs/pr/N, diffs,
// protection, statuses, merges: every git read and write), discussions (the thread's status, its
// merge) and auth (who may write). Built once at start from the configuration; never called
// inside a transaction.
#include <memory>

#include "common/service/peer.hpp"
#include "common/service/service.hpp"
#include "services/pulls/config.hpp"

namespace hub::pulls {

struct Peers {
  service::Peer repos;
  service::Peer discussions;
  service::Peer auth;
};

std::shared_ptr<Peers> make_peers(const service::Context& ctx, const PullsConfig& config);

}  // namespace hub::pulls

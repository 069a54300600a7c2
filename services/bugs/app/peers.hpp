#pragma once
// The services the bugs service asks (docs/architecture.md, "Who calls whom"), never inside a
// transaction: repos (the next #N, revisions resolved to commits, ancestry), auth (whether assignees
// may read the repo), discussions (whether a `#N` in a text is a thread, to link it).
#include <memory>

#include "common/service/peer.hpp"
#include "common/service/service.hpp"
#include "services/bugs/config.hpp"

namespace hub::bugs {

struct Peers {
  std::shared_ptr<service::Peer> repos, auth, discussions;
};

Peers make_peers(service::Context& ctx, const BugsConfig& config);

}  // namespace hub::bugs

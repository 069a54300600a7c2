#include "services/bugs/app/peers.hpp"

namespace hub::bugs {

Peers make_peers(service::Context& ctx, const BugsConfig& config) {
  return Peers{std::make_shared<service::Peer>("bugs", "repos", config.repos_addresses, ctx.signer),
               std::make_shared<service::Peer>("bugs", "auth", config.auth_addresses, ctx.signer),
               std::make_shared<service::Peer>("bugs", "discussions", config.discussions_addresses, ctx.signer)};
}

}  // namespace hub::bugs

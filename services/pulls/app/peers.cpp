#include "services/pulls/app/peers.hpp"

namespace hub::pulls {

std::shared_ptr<Peers> make_peers(const service::Context& ctx, const PullsConfig& config) {
  return std::make_shared<Peers>(Peers{service::Peer("pulls", "repos", config.repos_addresses, ctx.signer),
                                       service::Peer("pulls", "discussions", config.discussions_addresses, ctx.signer),
                                       service::Peer("pulls", "auth", config.auth_addresses, ctx.signer)});
}

}  // namespace hub::pulls

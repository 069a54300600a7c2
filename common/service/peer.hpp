#pragma once
// Another service, called over HTTP on its /internal/ endpoints with a signed service identity
// (docs/architecture.md, "Who calls whom"). Addresses come from HUB_<SERVICE>_URL, one or more; a call
// tries the next address only when it could not connect, so nothing is ever sent twice.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/auth/identity.hpp"
#include "common/http/client.hpp"

namespace hub::service {

class Peer {
 public:
  // Throws config::ConfigError naming `variable` when an address is malformed.
  Peer(std::string caller, std::string peer, std::string_view variable, std::string_view fallback,
       const auth::Signer& signer);

  // Sends `body` (JSON, when not empty). A peer that no address answers is ApiError 503.
  http::ClientResponse call(std::string_view method, std::string target, std::string body,
                            std::string_view request_id) const;

  const std::string& name() const { return peer_; }

 private:
  std::string caller_;
  std::string peer_;
  const auth::Signer& signer_;
  std::vector<std::unique_ptr<http::Client>> clients_;
};

}  // namespace hub::service

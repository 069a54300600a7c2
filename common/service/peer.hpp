#pragma once
// Another service, called over HTTP on its /internal/ endpoints with a signed service identity
// (docs/architecture.md, "Who calls whom"). Its addresses (one or more, from HUB_<SERVICE>_URL, read
// with the service's config) are tried in turn only when one could not connect, so nothing is ever
// sent twice.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/access/identity.hpp"
#include "common/config/config.hpp"
#include "common/http/client.hpp"

namespace hub::service {

class Peer {
 public:
  Peer(std::string caller, std::string peer, const std::vector<config::HostPort>& addresses,
       const access::Signer& signer);

  // Sends `body` (JSON, when not empty) under `request_id` (a fresh one when empty). A peer that no
  // address answers is ApiError 503.
  http::ClientResponse call(std::string_view method, std::string target, std::string body,
                            std::string_view request_id) const;

  const std::string& name() const { return peer_; }

 private:
  std::string caller_;
  std::string peer_;
  const access::Signer& signer_;
  std::vector<std::unique_ptr<http::Client>> clients_;
};

}  // namespace hub::service

#include "common/service/peer.hpp"

#include <atomic>

#include "common/config/config.hpp"
#include "common/error/api_error.hpp"
#include "common/log/log.hpp"
#include "common/util/random.hpp"

namespace hub::service {

Peer::Peer(std::string caller, std::string peer, const std::vector<config::HostPort>& addresses,
           const access::Signer& signer)
    : caller_(std::move(caller)), peer_(std::move(peer)), signer_(signer) {
  for (const auto& address : addresses) {
    clients_.push_back(std::make_unique<http::Client>(address, http::ClientOptions{}));
  }
}

http::ClientResponse Peer::call(std::string_view method, std::string target, std::string body,
                                std::string_view given_request_id) const {
  // A call outside any request (a background loop) gets an id of its own: the peer's signature
  // check binds one, and an empty header would not be sent to bind.
  const std::string generated = given_request_id.empty() ? util::random_id() : std::string();
  const std::string_view request_id = given_request_id.empty() ? std::string_view(generated) : given_request_id;
  http::ClientRequest request;
  request.method = std::string(method);
  request.target = std::move(target);
  request.headers.set("X-Request-Id", request_id);
  if (!body.empty()) request.headers.set("Content-Type", "application/json");
  request.body = std::move(body);
  // Spread calls over the addresses; each is tried at most once.
  static std::atomic<std::size_t> next{0};
  const std::size_t first = next.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t i = 0; i < clients_.size(); ++i) {
    http::Client& client = *clients_[(first + i) % clients_.size()];
    // Signed per attempt: the timestamp is part of what the peer checks.
    request.headers.set(
        access::kServiceHeader,
        signer_.sign_service(caller_, access::Binding{request.method, request.target, request_id, access::unix_now()}));
    try {
      return client.send(request);
    } catch (const http::ClientError& e) {
      log::warn("peer call failed", {{"peer", peer_}, {"address", client.address().str()}, {"error", e.what()}});
      if (e.kind() != http::ClientError::Kind::kConnect) break;  // it may have been received
    }
  }
  throw ApiError(ErrorCode::kUnavailable, peer_ + " is unavailable; retry shortly");
}

}  // namespace hub::service

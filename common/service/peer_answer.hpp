#pragma once
// What a peer's answer means for the request that asked it: its JSON body on a 2xx; its refusal (a
// 4xx, which the peer decided on input the caller relayed) passed on with the same X-Error-Code and
// message; anything else a 503, since the caller cannot act on an answer it did not get.
#include <string_view>

#include "common/http/client.hpp"
#include "common/json/json.hpp"

namespace hub::service {

// Throws ApiError unless 2xx; `what` names the call in the log.
void expect_success(const http::ClientResponse& r, std::string_view peer, std::string_view what);
json::Document peer_json(const http::ClientResponse& r, std::string_view peer, std::string_view what);

}  // namespace hub::service

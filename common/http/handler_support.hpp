#pragma once
// What every service's handlers ask of a request: who is calling, and its JSON body.
#include "common/access/identity.hpp"
#include "common/http/message.hpp"
#include "common/json/json.hpp"

namespace hub::http {

// The verified caller; 401 for an anonymous request.
const access::Identity& require_user(const Request& request);

// The body as a JSON object: 415 unless it is JSON, 400 when malformed.
json::Document json_body(const Request& request);

}  // namespace hub::http

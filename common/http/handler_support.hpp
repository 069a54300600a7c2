#pragma once
// What every service's handlers ask of a request: who is calling, and its JSON body.
#include <string>

#include "common/access/identity.hpp"
#include "common/domain/repo_place.hpp"
#include "common/error/api_error.hpp"
#include "common/http/message.hpp"
#include "common/json/json.hpp"

namespace hub::http {

// The verified caller; 401 for an anonymous request.
const access::Identity& require_user(const Request& request);
// Whether require_user would let the request through; its refusal otherwise.
bool signed_in(const Request& request);
ApiError authentication_required();

// The body as a JSON object: 415 unless it is JSON, 400 when malformed.
json::Document json_body(const Request& request);

// The caller, or nullptr when anonymous.
const access::Identity* caller(const Request& request);

// The repo of a /api/{type}/{namespace}/{name}/… route: its id as the gateway signed it (after
// deciding the caller may read it), its type and path from the route. 404 RepoNotFound without one.
domain::RepoPlace signed_repo_place(const Request& request, const std::string& public_url);

}  // namespace hub::http

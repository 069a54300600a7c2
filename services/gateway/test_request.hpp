#pragma once
// For the gateway's unit tests: a request as the server hands it to the chain once its header has
// arrived, from `remote`, with the id the server chose.
#include <string>

#include "common/http/message.hpp"

namespace hub::gateway::testing {

inline http::Request request_from(std::string remote, std::string method, std::string path, std::string request_id) {
  http::Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.target = r.path;
  r.ctx.remote_address = std::move(remote);
  r.ctx.request_id = std::move(request_id);
  return r;
}

}  // namespace hub::gateway::testing

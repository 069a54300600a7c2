#pragma once
// What every exchange leaves behind: its access line and its route's metrics. (No Beast here.)
#include <cstdint>

#include "common/http/message.hpp"
#include "common/http/server.hpp"

namespace hub::http::detail {

// What one exchange came to, for its access line and for whether the connection goes on.
struct Exchange {
  int status = 0;
  std::uint64_t bytes_out = 0;
  bool keep_alive = false;
};

void record(const ServerOptions& options, const Request& request, const Exchange& exchange);

}  // namespace hub::http::detail

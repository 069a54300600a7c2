#pragma once
// Which service answers which public path: api.md's table as data. Order matters — the first
// matching entry wins, so narrower paths come before the catch-alls of the same prefix.
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/http/message.hpp"

namespace hub::gateway {

struct RouteEntry {
  std::string_view pattern;  // common/http/router.hpp template syntax
  std::string_view service;  // auth, repos, discussions, pulls, bugs, notifications
  http::RouteClass route_class = http::RouteClass::kApi;
  std::uint64_t max_body = 16ULL << 20;
};

const std::vector<RouteEntry>& route_table();

// The services the table names, each once.
std::vector<std::string_view> routed_services();

}  // namespace hub::gateway

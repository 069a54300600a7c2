#pragma once
// Which service answers which public path: the table of docs/conventions.md as data. Order matters — the first
// matching entry wins, so narrower paths come before the catch-alls of the same prefix.
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/http/message.hpp"

namespace hub::gateway {

// What a path is about: a repo (its type, namespace and name are route parameters), an org (its
// `org` parameter), or nothing the gateway decides access for.
enum class RouteScope { kNone, kRepo, kOrg };

constexpr std::uint64_t kDefaultMaxBody = 16ULL << 20;

struct RouteEntry {
  std::string_view pattern;  // common/http/router.hpp template syntax
  std::string_view service;  // auth, repos, discussions, pulls, bugs, notifications
  http::RouteClass route_class = http::RouteClass::kApi;
  std::uint64_t max_body = kDefaultMaxBody;
  // A write here changes auth's registry of repos (create, move, delete, visibility): the gateway
  // forgets the caller's cached decisions before the answer leaves (read your own writes).
  bool changes_registry = false;
};

const std::vector<RouteEntry>& route_table();
// Read from the pattern's parameter names, so a new entry cannot forget it.
RouteScope scope_of(const RouteEntry& entry);

// The services the table names, each once.
std::vector<std::string_view> routed_services();

}  // namespace hub::gateway

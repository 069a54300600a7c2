// Reads the gateway's variables, in one place, with the messages that name what to fix.
#include "services/gateway/config.hpp"

#include <string_view>

namespace hub::gateway {

namespace {

constexpr std::uint16_t kDefaultPort = 8080;

struct Peer {
  std::string_view service;
  std::string_view variable;
  std::string_view fallback;
};

// Every service the route table names, in the order /readyz lists them.
constexpr Peer kPeers[] = {
    {"auth", "HUB_AUTH_URL", "127.0.0.1:8081"},
    {"repos", "HUB_REPOS_URL", "127.0.0.1:8082"},
    {"discussions", "HUB_DISCUSSIONS_URL", "127.0.0.1:8083"},
    {"pulls", "HUB_PULLS_URL", "127.0.0.1:8084"},
    {"bugs", "HUB_BUGS_URL", "127.0.0.1:8085"},
    {"notifications", "HUB_NOTIFICATIONS_URL", "127.0.0.1:8086"},
};

constexpr std::int64_t kMaxBudget = 1LL << 40;

}  // namespace

GatewayConfig load_config(config::Reader& reader) {
  GatewayConfig c;
  c.settings = service::load_settings("gateway", kDefaultPort, reader);
  c.health_interval = reader.millis("HUB_HEALTH_INTERVAL", c.health_interval);
  c.caller_cache.ttl = reader.millis("HUB_AUTH_CACHE_TTL", c.caller_cache.ttl);
  for (const auto& text : reader.list("HUB_TRUSTED_PROXIES", "")) {
    if (auto block = net::parse_cidr(text)) {
      c.forwarding.trusted_proxies.push_back(block.value());
    } else {
      reader.problem("HUB_TRUSTED_PROXIES", block.error());
    }
  }
  c.forwarding.public_proto = c.settings.public_url.starts_with("https://") ? "https" : "http";
  c.limits_on = reader.boolean("HUB_RATE_LIMIT", c.limits_on);
  auto& limits = c.rate_limit;
  limits.window =
      std::chrono::duration_cast<std::chrono::seconds>(reader.millis("HUB_RATE_LIMIT_WINDOW", limits.window));
  if (limits.window.count() < 1) reader.problem("HUB_RATE_LIMIT_WINDOW", "is at least 1s");
  limits.api = reader.integer("HUB_RATE_LIMIT_API", limits.api, 0, kMaxBudget);
  limits.resolve = reader.integer("HUB_RATE_LIMIT_RESOLVE", limits.resolve, 0, kMaxBudget);
  limits.write = reader.integer("HUB_RATE_LIMIT_WRITE", limits.write, 0, kMaxBudget);
  c.refusal_limit.budget = reader.integer("HUB_RATE_LIMIT_REFUSED", c.refusal_limit.budget, 1, kMaxBudget);
  c.refusal_limit.window = limits.window;
  for (const auto& peer : kPeers) {
    auto addresses = reader.addresses(peer.variable, peer.fallback);
    if (!addresses.empty()) c.peers.push_back(PeerConfig{std::string(peer.service), std::move(addresses)});
  }
  return c;
}

}  // namespace hub::gateway

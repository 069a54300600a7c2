// The gateway: the only public port. main() reads the settings, builds the upstreams and the filter
// chain, and runs the server until SIGTERM.
#include <atomic>
#include <iostream>

#include "common/service/settings.hpp"
#include "services/gateway/authenticate.hpp"
#include "services/gateway/filters.hpp"
#include "services/gateway/health.hpp"
#include "services/gateway/identity_filter.hpp"
#include "services/gateway/invalidation_listener.hpp"
#include "services/gateway/rate_limit.hpp"
#include "services/gateway/refusal_limit.hpp"
#include "services/gateway/route_table.hpp"

namespace hub::gateway {
const std::vector<std::pair<std::string_view, std::string_view>>& documents();
}  // namespace hub::gateway

namespace {

struct Peer {
  std::string_view service;
  std::string_view variable;
  std::string_view fallback;
};

constexpr Peer kPeers[] = {
    {"auth", "HUB_AUTH_URL", "127.0.0.1:8081"},
    {"repos", "HUB_REPOS_URL", "127.0.0.1:8082"},
    {"discussions", "HUB_DISCUSSIONS_URL", "127.0.0.1:8083"},
    {"pulls", "HUB_PULLS_URL", "127.0.0.1:8084"},
    {"bugs", "HUB_BUGS_URL", "127.0.0.1:8085"},
    {"notifications", "HUB_NOTIFICATIONS_URL", "127.0.0.1:8086"},
};

std::string_view openapi_document() {
  for (const auto& [name, text] : hub::gateway::documents()) {
    if (name == "openapi.json") return text;
  }
  return "{}";
}

}  // namespace

int main() {
  using namespace hub;  // NOLINT(google-build-using-namespace)
  config::Reader reader(config::environment());
  service::Settings settings = service::load_settings("gateway", 8080, reader);
  auto health_interval = reader.millis("HUB_HEALTH_INTERVAL", std::chrono::seconds(1));
  auto caller_ttl = reader.millis("HUB_AUTH_CACHE_TTL", std::chrono::seconds(2));
  std::vector<net::Cidr> trusted_proxies;
  for (const auto& text : reader.list("HUB_TRUSTED_PROXIES", "")) {
    if (auto block = net::parse_cidr(text)) {
      trusted_proxies.push_back(block.value());
    } else {
      reader.problem("HUB_TRUSTED_PROXIES", block.error());
    }
  }
  const bool rate_limit_on = reader.boolean("HUB_RATE_LIMIT", true);
  gateway::RateLimits limits;
  limits.window = std::chrono::duration_cast<std::chrono::seconds>(
      reader.millis("HUB_RATE_LIMIT_WINDOW", std::chrono::seconds(300)));
  if (limits.window.count() < 1) reader.problem("HUB_RATE_LIMIT_WINDOW", "is at least 1s");
  limits.api = reader.integer("HUB_RATE_LIMIT_API", limits.api, 0, 1LL << 40);
  limits.resolve = reader.integer("HUB_RATE_LIMIT_RESOLVE", limits.resolve, 0, 1LL << 40);
  limits.write = reader.integer("HUB_RATE_LIMIT_WRITE", limits.write, 0, 1LL << 40);
  // Refusals (401, 404 RepoNotFound) per client address and window: low, to slow guessing.
  const std::int64_t refused_budget = reader.integer("HUB_RATE_LIMIT_REFUSED", 300, 1, 1LL << 40);

  std::map<std::string, std::shared_ptr<http::Upstream>, std::less<>> upstreams;
  std::vector<std::shared_ptr<http::Upstream>> all;
  for (const auto& peer : kPeers) {
    std::vector<config::HostPort> addresses;
    for (const auto& text : reader.list(peer.variable, peer.fallback)) {
      auto parsed = config::parse_host_port(text);
      if (parsed) {
        addresses.push_back(parsed.value());
      } else {
        reader.problem(peer.variable, parsed.error());
      }
    }
    if (addresses.empty()) {
      reader.problem(peer.variable, "needs at least one address");
      continue;
    }
    auto upstream = std::make_shared<http::Upstream>(std::string(peer.service), std::move(addresses));
    upstreams.emplace(std::string(peer.service), upstream);
    all.push_back(upstream);
  }
  try {
    reader.check();
  } catch (const config::ConfigError& e) {
    std::cerr << "gateway: " << e.what() << "\n";
    return 2;
  }
  log::init("gateway", settings.log_level);

  gateway::HealthChecker health(all, health_interval);
  health.check_now();
  health.start();
  std::atomic<bool> draining{false};

  gateway::FilterChain chain;
  chain.add(std::make_unique<gateway::RequestIdFilter>());
  chain.add(std::make_unique<gateway::ForwardingHeadersFilter>(
      settings.public_url.starts_with("https://") ? "https" : "http", trusted_proxies));
  chain.add(std::make_unique<gateway::CorsFilter>());
  chain.add(
      std::make_unique<gateway::LocalRoutesFilter>([&] { return health.describe(draining); }, openapi_document()));
  auto signer = std::make_shared<const access::Signer>(settings.internal_secret, settings.internal_secret_previous);
  auto callers = std::make_shared<gateway::CallerCache>(caller_ttl);
  gateway::InvalidationListener invalidations(settings.redis_url, callers);
  invalidations.start();
  try {
    chain.add(std::make_unique<gateway::RouteFilter>(upstreams));
  } catch (const std::exception& e) {
    log::error("bad route table", {{"error", e.what()}});
    return 1;
  }
  if (rate_limit_on) {
    chain.add(std::make_unique<gateway::RefusalLimitFilter>(settings.redis_url, refused_budget, limits.window));
  }
  chain.add(std::make_unique<gateway::AuthenticateFilter>(upstreams.at("auth"), signer, callers));
  if (rate_limit_on) chain.add(std::make_unique<gateway::RateLimitFilter>(settings.redis_url, limits));
  chain.add(std::make_unique<gateway::IdentityFilter>(signer));
  chain.add(std::make_unique<gateway::ForwardFilter>());

  http::Server server(settings.server, chain);
  try {
    server.start();
  } catch (const std::exception& e) {
    log::error("cannot start", {{"error", e.what()}});
    return 1;
  }
  server.run([&] { draining = true; }, settings.drain_delay);
  return 0;
}

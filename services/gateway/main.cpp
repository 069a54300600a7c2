// The gateway: the only public port. main() only wires it: the configuration (config.hpp), the
// upstreams and their health checks, the caller cache and its invalidations, the filter chain
// (chain.hpp), and the server, which runs until SIGTERM.
#include <atomic>
#include <cstring>
#include <iostream>
#include <optional>

#include "common/config/describe.hpp"
#include "services/gateway/chain.hpp"
#include "services/gateway/config.hpp"
#include "services/gateway/health.hpp"
#include "services/gateway/invalidation_listener.hpp"
#include "services/gateway/upstreams.hpp"

namespace hub::gateway {
const std::vector<std::pair<std::string_view, std::string_view>>& documents();
}  // namespace hub::gateway

namespace {

std::string_view openapi_document() {
  for (const auto& [name, text] : hub::gateway::documents()) {
    if (name == "openapi.json") return text;
  }
  return "{}";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hub;  // NOLINT(google-build-using-namespace)
  // `--print-config`: the variables the gateway reads, with their defaults, read as a start reads
  // them from an empty environment; nothing is connected (common/config/describe.hpp).
  if (argc == 2 && std::strcmp(argv[1], "--print-config") == 0) {
    config::Reader described(config::nothing_set());
    gateway::load_config(described);
    std::cout << config::describe(described.variables());
    return 0;
  }
  const bool check_only = argc == 2 && std::strcmp(argv[1], "--check-config") == 0;
  if (argc > 1 && !check_only) {
    std::cerr << "gateway: unknown argument '" << argv[1] << "' (the flags are --print-config and --check-config)\n";
    return 2;
  }
  config::Reader reader(config::environment());
  const gateway::GatewayConfig config = gateway::load_config(reader);
  try {
    reader.check();
  } catch (const config::ConfigError& e) {
    std::cerr << "gateway: " << e.what() << "\n";
    return 2;
  }
  // `--check-config`: the environment's configuration is good, as a start would find it.
  if (check_only) return 0;
  const service::Settings& settings = config.settings;
  log::init("gateway", settings.log_level);

  const gateway::Upstreams upstreams = gateway::make_upstreams(config.peers);
  gateway::HealthChecker health(upstreams.all, config.health_interval);
  health.check_now();
  health.start();
  std::atomic<bool> draining{false};

  auto signer = std::make_shared<const access::Signer>(settings.internal_secret, settings.internal_secret_previous);
  auto callers = std::make_shared<gateway::CallerCache>(config.caller_cache);
  gateway::InvalidationListener invalidations(settings.redis_url, callers);
  invalidations.start();

  std::optional<gateway::FilterChain> chain;
  try {
    chain = gateway::build_chain(config, {.upstreams = upstreams.by_service,
                                          .signer = signer,
                                          .callers = callers,
                                          .ready = [&] { return health.describe(draining); },
                                          .openapi = openapi_document()});
  } catch (const std::exception& e) {
    log::error("bad route table", {{"error", e.what()}});
    return 1;
  }

  http::Server server(settings.server, *chain);
  try {
    server.start();
  } catch (const std::exception& e) {
    log::error("cannot start", {{"error", e.what()}});
    return 1;
  }
  server.run([&] { draining = true; }, settings.drain_delay);
  return 0;
}

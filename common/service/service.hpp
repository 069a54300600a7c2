#pragma once
// The life of a service process, so that each main.cpp only names its service and installs its
// routes: settings, logging, the database pool and migrations, Redis, health and readiness,
// metrics, signature checks on every feature route, the outbox relay of the service's schema, the
// HTTP server, and draining on SIGTERM.
#include <cstdint>
#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/access/identity.hpp"
#include "common/db/pool.hpp"
#include "common/events/after_commit.hpp"
#include "common/events/envelope.hpp"
#include "common/http/route_dispatcher.hpp"
#include "common/service/settings.hpp"

namespace hub::service {

using EmbeddedFiles = std::vector<std::pair<std::string_view, std::string_view>>;

struct Context {
  const Settings& settings;
  db::Pool& db;
  const access::Signer& signer;  // for the service's own calls to /internal/ endpoints of others
  // How to stop the background loops a service started in `install` (they use the pool, so they
  // must end before it goes): run newest first once the server has drained, before the stream
  // consumer and the relay stop.
  std::vector<std::function<void()>> on_stop;
};

struct Spec {
  std::string name;
  std::uint16_t default_port = 0;
  const EmbeddedFiles& (*migrations)() = nullptr;
  // Reads the service's own configuration (config.hpp) once, with the same reader as the common
  // settings, before anything starts: a problem in either stops the start with exit status 2.
  std::function<void(config::Reader&, const Settings&)> configure;
  // Adds the service's own endpoints; /healthz, /readyz and /metrics are always there.
  std::function<void(Context&, http::RouteDispatcher&)> install;
  // When set, the service reads the events stream as its own consumer group (common/events/
  // consumer.hpp): each event once in effect, inside the transaction that records it, and only
  // while the service is ready (its schema migrated). Throwing retries the event later. A network
  // call goes into the AfterCommit list (common/events/after_commit.hpp), which runs only once that
  // transaction has committed: never inside it, never for a rollback.
  std::function<void(Context&, pqxx::work&, const events::Envelope&, events::AfterCommit&)> on_event;
  // Which events on_event acts on (every one when unset): the others are acknowledged without a
  // transaction. Every service reads every event, so this spares the database a transaction per
  // event and service that would change nothing. It must say yes to whatever on_event acts on.
  std::function<bool(const events::Envelope&)> wants_event;
};

// Flags: `--migrate` applies migrations and exits (HUB_MIGRATE=job); `--print-config` prints the
// variables the service reads (config/describe.hpp) and exits 0 without connecting to anything.
// Returns the exit code.
int run(int argc, char** argv, const Spec& spec);

// run() for a service with its own configuration (config.hpp): `load` reads it once before anything
// starts, and `install` adds the routes with it.
template <class Config>
int run(int argc, char** argv, Spec spec, Config (*load)(config::Reader&, const Settings&),
        void (*install)(Context&, http::RouteDispatcher&, const Config&)) {
  auto config = std::make_shared<Config>();
  spec.configure = [config, load](config::Reader& reader, const Settings& settings) {
    *config = load(reader, settings);
  };
  spec.install = [config, install](Context& ctx, http::RouteDispatcher& routes) { install(ctx, routes, *config); };
  return run(argc, argv, spec);
}

}  // namespace hub::service

#include "common/service/service.hpp"

#include <cstring>
#include <iostream>
#include <pqxx/pqxx>

#include "common/config/describe.hpp"
#include "common/db/prepared.hpp"
#include "common/events/consumer.hpp"
#include "common/events/relay.hpp"
#include "common/http/error_response.hpp"
#include "common/metrics/metrics.hpp"
#include "common/service/readiness.hpp"

namespace hub::service {
namespace {

void install_operational_routes(http::RouteDispatcher& routes, Readiness& readiness) {
  http::HandlerOptions cheap;
  cheap.on_io_thread = true;
  cheap.open = true;
  routes.add(
      "GET", "/healthz", [](http::Request&) { return http::Response::json(200, R"({"status":"ok"})"); }, cheap);
  routes.add(
      "GET", "/readyz",
      [&readiness](http::Request&) {
        return http::Response::json(readiness.ready() ? 200 : 503, readiness.describe());
      },
      cheap);
  routes.add(
      "GET", "/metrics",
      [](http::Request&) {
        return http::Response::text(200, metrics::Registry::global().render(),
                                    "text/plain; version=0.0.4; charset=utf-8");
      },
      cheap);
}

int migrate_only(const Settings& settings, const std::vector<db::Migration>& migrations, const std::string& schema) {
  try {
    // The migrations' advisory lock lasts the session: never through a transaction-mode pooler.
    pqxx::connection conn(db::with_connect_timeout(settings.pg_session_url, std::chrono::seconds(5)));
    db::migrate(conn, schema, migrations);
    log::info("migrations applied", {{"schema", schema}});
    return 0;
  } catch (const std::exception& e) {
    log::error("migration failed", {{"schema", schema}, {"error", e.what()}});
    return 1;
  }
}

// `--print-config`: the same reading as a start, from an empty environment so every default shows,
// and nothing connected. (A variable read only when another is set would not show: none is today.)
int print_config(const Spec& spec) {
  config::Reader reader(config::nothing_set());
  const Settings settings = load_settings(spec.name, spec.default_port, reader);
  if (spec.configure) spec.configure(reader, settings);
  std::cout << config::describe(reader.variables());
  return 0;
}

}  // namespace

int run(int argc, char** argv, const Spec& spec) {
  if (argc == 2 && std::strcmp(argv[1], "--print-config") == 0) return print_config(spec);
  config::Reader reader(config::environment());
  Settings settings = load_settings(spec.name, spec.default_port, reader);
  auto redis_url = redis::parse_url(settings.redis_url);
  if (!redis_url) reader.problem("HUB_REDIS_URL", redis_url.error());
  if (spec.configure) spec.configure(reader, settings);
  try {
    reader.check();
  } catch (const config::ConfigError& e) {
    std::cerr << spec.name << ": " << e.what() << "\n";
    return 2;
  }
  log::init(spec.name, settings.log_level);
  db::use_named_statements(settings.pg_prepared);  // before any connection is used

  std::vector<db::Migration> migrations;
  if (spec.migrations != nullptr) {
    auto parsed = db::parse_migrations(spec.migrations());
    if (!parsed) {
      log::error("bad embedded migrations", {{"error", parsed.error()}});
      return 1;
    }
    migrations = std::move(parsed).value();
  }
  const std::string schema = spec.name;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--migrate") == 0) return migrate_only(settings, migrations, schema);
    // The configuration read and found good, as a start would: what a deployment's values are
    // checked with (tests/deploy), connecting to nothing.
    if (std::strcmp(argv[i], "--check-config") == 0) return 0;
    std::cerr << spec.name << ": unknown argument '" << argv[i]
              << "' (the flags are --migrate, --print-config and --check-config)\n";
    return 2;
  }

  db::Pool pool(db::PoolOptions{.url = settings.pg_url,
                                .size = settings.db_pool_size,
                                .session_role = "hub_" + spec.name + "_runtime",
                                .settings_per_transaction = !settings.pg_prepared});
  Readiness readiness(pool, settings.pg_session_url, schema, migrations, redis_url.value(), settings.migrate == "auto",
                      settings.ready_interval);
  readiness.check_now();
  if (readiness.ready()) pool.prefill();
  readiness.start();

  auto signer = std::make_shared<const access::Signer>(settings.internal_secret, settings.internal_secret_previous);
  http::RouteDispatcher routes;
  install_operational_routes(routes, readiness);
  routes.require_signatures(signer);
  Context context{settings, pool, *signer, {}};
  if (spec.install) spec.install(context, routes);

  events::RelayOptions relay_options;
  relay_options.pg_url = settings.pg_session_url;  // LISTEN and a session advisory lock
  relay_options.schema = schema;
  relay_options.redis = redis_url.value();
  relay_options.stream = settings.events_stream;
  relay_options.stall_after_publish = settings.relay_stall;
  events::OutboxRelay relay(relay_options);
  relay.start();

  std::unique_ptr<events::StreamConsumer> consumer;
  if (spec.on_event) {
    events::ConsumerOptions consumer_options;
    consumer_options.stream = settings.events_stream;
    consumer_options.group = spec.name;
    consumer_options.schema = schema;
    consumer_options.redis = redis_url.value();
    consumer_options.gate = [&readiness] { return readiness.ready(); };
    consumer_options.wants = spec.wants_event;
    consumer = std::make_unique<events::StreamConsumer>(
        consumer_options, pool,
        [&context, &spec](pqxx::work& tx, const events::Envelope& event, events::AfterCommit& after_commit) {
          spec.on_event(context, tx, event, after_commit);
        });
    consumer->start();
  }

  http::Server server(settings.server, routes);
  try {
    server.start();
  } catch (const std::exception& e) {
    log::error("cannot start", {{"error", e.what()}});
    return 1;
  }
  log::info("service started", {{"port", static_cast<int>(server.port())}, {"ready", readiness.ready()}});
  server.run([&] { readiness.set_draining(); }, settings.drain_delay);
  for (auto stop = context.on_stop.rbegin(); stop != context.on_stop.rend(); ++stop)
    (*stop)();
  if (consumer) consumer->stop();
  relay.stop();
  return 0;
}

}  // namespace hub::service

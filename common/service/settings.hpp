#pragma once
// The settings every process reads from its environment (docs/architecture.md, "Configuration").
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/config/config.hpp"
#include "common/http/server.hpp"
#include "common/log/log.hpp"
#include "common/redis/keys.hpp"

namespace hub::service {

struct Settings {
  std::string service;
  config::HostPort listen;
  std::string public_url;  // no trailing slash
  std::string pg_url;
  // HUB_PG_SESSION_URL (default: pg_url): for what needs a server session of its own for as long as
  // it runs (the outbox relay's LISTEN and advisory lock, migrations' advisory lock), when pg_url
  // is a transaction-mode pooler. docs/pgbouncer.md.
  std::string pg_session_url;
  // HUB_PG_PREPARED=off: pg_url is a transaction-mode pooler; no named prepared statements, and the
  // pool's session settings are set per transaction (db::PoolOptions::settings_per_transaction).
  bool pg_prepared = true;
  std::string redis_url;
  std::string internal_secret;
  std::string internal_secret_previous;  // still accepted during a rotation
  std::string events_stream{redis::keys::kEventsStream};
  std::chrono::milliseconds relay_stall{0};  // HUB_TEST_RELAY_STALL_AFTER_PUBLISH, tests only
  std::string data_dir;
  log::Level log_level = log::Level::kInfo;
  std::string migrate = "auto";  // or "job": a separate `--migrate` run applies them
  std::chrono::milliseconds drain_delay{5000};
  std::chrono::milliseconds ready_interval{1000};
  std::size_t db_pool_size = 8;
  http::ServerOptions server;
};

// Reads every variable; problems are recorded in `reader` (call reader.check() afterwards).
Settings load_settings(std::string_view service, std::uint16_t default_port, config::Reader& reader);

}  // namespace hub::service

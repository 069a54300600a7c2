#include "common/service/settings.hpp"

#include <thread>

#include "common/redis/keys.hpp"

namespace hub::service {

Settings load_settings(std::string_view service, std::uint16_t default_port, config::Reader& r) {
  Settings s;
  s.service = std::string(service);

  std::string listen = r.string("HUB_LISTEN", "127.0.0.1:" + std::to_string(default_port));
  auto hp = config::parse_host_port(listen);
  if (hp) {
    s.listen = hp.value();
  } else {
    r.problem("HUB_LISTEN", hp.error());
  }

  s.public_url = r.string("HUB_PUBLIC_URL", "http://localhost:8080");
  while (s.public_url.ends_with('/'))
    s.public_url.pop_back();
  if (!s.public_url.starts_with("http://") && !s.public_url.starts_with("https://")) {
    r.problem("HUB_PUBLIC_URL", "must be an absolute http:// or https:// URL, got '" + s.public_url + "'");
  }
  s.pg_url = r.string("HUB_PG_URL", "postgresql://hub@127.0.0.1:5432/hub");
  s.pg_session_url = r.string("HUB_PG_SESSION_URL", s.pg_url);
  s.pg_prepared = r.choice("HUB_PG_PREPARED", "on", {"on", "off"}) == "on";
  s.redis_url = r.string("HUB_REDIS_URL", "redis://127.0.0.1:6379");
  s.internal_secret = r.required("HUB_INTERNAL_SECRET", "the shared secret that signs identities between processes");
  if (!s.internal_secret.empty() && s.internal_secret.size() < 32) {
    r.problem("HUB_INTERNAL_SECRET", "must be at least 32 characters");
  }
  s.internal_secret_previous = r.string("HUB_INTERNAL_SECRET_PREVIOUS", "");
  if (!s.internal_secret_previous.empty() && s.internal_secret_previous.size() < 32) {
    r.problem("HUB_INTERNAL_SECRET_PREVIOUS", "must be at least 32 characters");
  }
  s.events_stream = r.string("HUB_EVENTS_STREAM", std::string(redis::keys::kEventsStream));
  s.relay_stall = r.millis("HUB_TEST_RELAY_STALL_AFTER_PUBLISH", std::chrono::milliseconds(0));
  s.data_dir = r.string("HUB_DATA_DIR", "./data");

  std::string level = r.string("HUB_LOG_LEVEL", "info");
  if (auto parsed = log::parse_level(level)) {
    s.log_level = *parsed;
  } else {
    r.problem("HUB_LOG_LEVEL", "must be debug, info, warn or error, got '" + level + "'");
  }
  s.migrate = r.choice("HUB_MIGRATE", "auto", {"auto", "job"});
  s.drain_delay = r.millis("HUB_DRAIN_DELAY", std::chrono::seconds(5));
  s.ready_interval = r.millis("HUB_READY_INTERVAL", std::chrono::seconds(1));
  s.db_pool_size = static_cast<std::size_t>(r.integer("HUB_DB_POOL_SIZE", 8, 1, 256));

  auto& o = s.server;
  o.name = s.service;
  o.host = s.listen.host;
  o.port = s.listen.port;
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  o.io_threads = static_cast<int>(r.integer("HUB_THREADS", std::min(cores, 4), 1, 256));
  o.workers = static_cast<int>(r.integer("HUB_WORKERS", 16, 1, 1024));
  o.queue_limit = static_cast<int>(r.integer("HUB_WORK_QUEUE", 1024, 1, 1 << 20));
  o.header_limit = static_cast<std::size_t>(r.integer("HUB_MAX_HEADER_BYTES", 32 * 1024, 1024, 1 << 20));
  o.idle_timeout = r.millis("HUB_IDLE_TIMEOUT", std::chrono::seconds(60));
  o.connect_timeout = r.millis("HUB_CONNECT_TIMEOUT", std::chrono::seconds(3));
  o.api.read = o.api.write = r.millis("HUB_API_TIMEOUT", std::chrono::seconds(30));
  o.api.upstream = r.millis("HUB_UPSTREAM_TIMEOUT", std::chrono::seconds(60));
  o.transfer.read = o.transfer.write = o.transfer.upstream = r.millis("HUB_TRANSFER_TIMEOUT", std::chrono::minutes(5));
  o.stream.read = o.stream.write = o.stream.upstream = r.millis("HUB_STREAM_TIMEOUT", std::chrono::hours(24));
  o.shutdown_timeout = r.millis("HUB_SHUTDOWN_TIMEOUT", std::chrono::seconds(30));
  o.access_log = r.boolean("HUB_ACCESS_LOG", true);
  o.max_connections = static_cast<std::size_t>(r.integer("HUB_MAX_CONNECTIONS", 10000, 1, 1000000));
  return s;
}

}  // namespace hub::service

#include "common/events/relay.hpp"

#include <hiredis/hiredis.h>

#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <thread>
#include <utility>

#include "common/db/pool.hpp"
#include "common/events/outbox.hpp"
#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"

namespace hub::events {
namespace {

// Collects what the notifications say was committed: the lowest outbox id among them, or that a
// scan from the start is due (a payload without an id, from a writer of before ids were sent).
class Wakeup : public pqxx::notification_receiver {
 public:
  Wakeup(pqxx::connection_base& conn, const std::string& channel) : pqxx::notification_receiver(conn, channel) {}
  void operator()(const std::string& payload, int /*backend_pid*/) override {
    long long id = 0;
    const char* end = payload.data() + payload.size();
    auto [stop, error] = std::from_chars(payload.data(), end, id);
    if (error != std::errc() || stop != end || id <= 0) {
      lowest = 0;
    } else {
      lowest = lowest ? std::min(*lowest, id) : id;
    }
  }
  std::optional<long long> lowest;
};

std::optional<long long> lower_of(std::optional<long long> a, std::optional<long long> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

struct RelayMetrics {
  metrics::Counter& published;
  metrics::Counter& errors;
  metrics::Gauge& leader;
};

RelayMetrics& relay_metrics(const std::string& schema) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<RelayMetrics>> by_schema;
  std::lock_guard lock(mutex);
  auto& slot = by_schema[schema];
  if (!slot) {
    auto& reg = metrics::Registry::global();
    slot.reset(new RelayMetrics{reg.counter("hub_events_published_total",
                                            "Events appended to the stream by the outbox relay", {{"schema", schema}}),
                                reg.counter("hub_events_relay_errors_total",
                                            "Relay failures (Redis or PostgreSQL unavailable)", {{"schema", schema}}),
                                reg.gauge("hub_events_relay_leader",
                                          "1 while this process's relay is the one publishing", {{"schema", schema}})});
  }
  return *slot;
}

// Compares stream ids ("ms-seq").
bool id_less(const std::string& a, const std::string& b) {
  auto split = [](const std::string& id) {
    auto dash = id.find('-');
    unsigned long long ms = std::stoull(id.substr(0, dash));
    unsigned long long seq = dash == std::string::npos ? 0 : std::stoull(id.substr(dash + 1));
    return std::pair{ms, seq};
  };
  return split(a) < split(b);
}

std::string field(const redisReply* map, std::string_view name) {
  // XINFO GROUPS answers each group as a flat array of name, value pairs.
  for (std::size_t i = 0; i + 1 < map->elements; i += 2) {
    if (redis::element_str(map->element[i]) == name) {
      const redisReply* v = map->element[i + 1];
      if (v->type == REDIS_REPLY_INTEGER) return std::to_string(v->integer);
      return std::string(redis::element_str(v));
    }
  }
  return {};
}

}  // namespace

std::int64_t trim_below_slowest_group(redis::Connection& redis, const std::string& stream) {
  auto groups = redis.command({"XINFO", "GROUPS", stream});
  if (groups.is_error() || !groups.is_array() || groups.size() == 0) return 0;
  std::string keep_from;  // the oldest id any group still needs
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const redisReply* g = groups.element(i);
    std::string name = field(g, "name");
    std::string candidate;
    if (field(g, "pending") != "0") {
      auto summary = redis.command({"XPENDING", stream, name});
      if (summary.is_array() && summary.size() >= 2) candidate = std::string(redis::element_str(summary.element(1)));
    }
    if (candidate.empty()) {
      // Everything up to last-delivered-id was read and acknowledged: keep only what follows.
      std::string last = field(g, "last-delivered-id");
      auto dash = last.find('-');
      if (last.empty() || dash == std::string::npos) return 0;
      candidate = last.substr(0, dash) + "-" + std::to_string(std::stoull(last.substr(dash + 1)) + 1);
    }
    if (keep_from.empty() || id_less(candidate, keep_from)) keep_from = candidate;
  }
  if (keep_from.empty() || keep_from == "0-1") return 0;
  auto trimmed = redis.command({"XTRIM", stream, "MINID", keep_from});
  return trimmed.is_integer() ? trimmed.integer() : 0;
}

OutboxRelay::OutboxRelay(RelayOptions options) : options_(std::move(options)) {}

OutboxRelay::~OutboxRelay() {
  stop();
}

void OutboxRelay::start() {
  loop_.start([this] { run(); });
}

void OutboxRelay::stop() {
  loop_.stop();
}

void OutboxRelay::ensure_redis() {
  if (!redis_ || redis_->broken()) {
    redis_.reset();
    redis_ = redis::Connection::open(options_.redis, std::chrono::seconds(2));
  }
}

void OutboxRelay::run() {
  auto& m = relay_metrics(options_.schema);
  std::chrono::milliseconds backoff{100};
  while (!loop_.stopping()) {
    try {
      lead();
      backoff = std::chrono::milliseconds(100);
    } catch (const std::exception& e) {
      leader_ = false;
      m.leader.set(0);
      m.errors.inc();
      log::warn("outbox relay interrupted", {{"schema", options_.schema}, {"error", e.what()}});
      if (!loop_.sleep_for(backoff)) break;
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
  }
  leader_ = false;
  m.leader.set(0);
}

void OutboxRelay::lead() {
  auto& m = relay_metrics(options_.schema);
  pqxx::connection conn(db::with_connect_timeout(options_.pg_url, std::chrono::seconds(3)));
  const std::string lock_key = "hub.relay." + options_.schema;
  while (!loop_.stopping()) {
    pqxx::nontransaction tx(conn);
    if (tx.exec_params("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", lock_key)[0][0].as<bool>()) break;
    tx.commit();
    if (!loop_.sleep_for(options_.lock_poll)) return;
  }
  if (loop_.stopping()) return;
  leader_ = true;
  m.leader.set(1);
  log::info("outbox relay is publishing", {{"schema", options_.schema}});
  // Listening before the first read: a row committed after it notifies, one committed before is read.
  Wakeup wakeup(conn, outbox_channel(options_.schema));
  // Where the next read starts (an outbox id): from the start at first and every full_scan_every,
  // else from the lowest id notified since, or after the last row of a full batch.
  std::optional<long long> read_from = 0;
  auto last_full_scan = std::chrono::steady_clock::now();

  std::chrono::milliseconds redis_backoff{100};
  while (!loop_.stopping()) {
    conn.get_notifs();  // notifications that arrived during the last round's statements
    read_from = lower_of(read_from, std::exchange(wakeup.lowest, std::nullopt));
    auto now = std::chrono::steady_clock::now();
    if (now - last_full_scan > options_.full_scan_every) read_from = 0;
    if (read_from == 0) last_full_scan = now;
    Batch batch;
    try {
      if (read_from) batch = publish_batch(conn, *read_from);
      read_from = batch.rows == options_.batch ? std::optional(batch.last_id + 1) : std::nullopt;
      redis_backoff = std::chrono::milliseconds(100);
      if (now - last_trim_ > options_.trim_interval) {
        last_trim_ = now;
        ensure_redis();
        trim_below_slowest_group(*redis_, options_.stream);
      }
    } catch (const redis::RedisError& e) {
      // The rows stay unsent, and read_from where it was: they go out when Redis is back.
      redis_.reset();
      m.errors.inc();
      log::warn("outbox relay waiting for Redis", {{"schema", options_.schema}, {"error", e.what()}});
      if (!loop_.sleep_for(redis_backoff)) break;
      redis_backoff = std::min(redis_backoff * 2, options_.max_backoff);
      continue;
    }
    if (now - last_cleanup_ > std::chrono::minutes(10)) {
      last_cleanup_ = now;
      pqxx::nontransaction tx(conn);
      tx.exec_params("DELETE FROM " + tx.quote_name(options_.schema) +
                         ".outbox WHERE sent_at < now() - make_interval(hours => $1)",
                     static_cast<int>(options_.keep_sent.count()));
    }
    if (!read_from) {
      auto idle = options_.idle_wait.count();
      conn.await_notification(idle / 1000, (idle % 1000) * 1000);
    }
  }
  leader_ = false;
  m.leader.set(0);
}

OutboxRelay::Batch OutboxRelay::publish_batch(pqxx::connection_base& conn, long long from_id) {
  auto& m = relay_metrics(options_.schema);
  std::vector<std::string> ids;
  std::vector<std::vector<std::string>> commands;
  Batch batch;
  {
    pqxx::nontransaction tx(conn);
    auto rows = tx.exec_params("SELECT id, event_id::text, type, payload::text FROM " + tx.quote_name(options_.schema) +
                                   ".outbox WHERE sent_at IS NULL AND id >= $1 ORDER BY id LIMIT $2",
                               from_id, static_cast<long long>(options_.batch));
    for (const auto& row : rows) {
      batch.last_id = row[0].as<long long>();
      ids.push_back(row[0].as<std::string>());
      std::string event_id = row[1].as<std::string>();
      std::string type = row[2].as<std::string>();
      std::string payload = row[3].as<std::string>();
      commands.push_back({"XADD", options_.stream, "*", "id", event_id, "type", type, "envelope", payload});
      commands.push_back({"PUBLISH", "events:" + type, payload});
    }
  }
  if (ids.empty()) return batch;
  ensure_redis();
  auto replies = redis_->pipeline(commands);
  for (const auto& r : replies) {
    if (r.is_error()) throw redis::RedisError("Redis refused an event: " + std::string(r.str()));
  }
  if (options_.stall_after_publish.count() > 0) std::this_thread::sleep_for(options_.stall_after_publish);
  std::string array = "{";
  for (std::size_t i = 0; i < ids.size(); ++i)
    array += (i ? "," : "") + ids[i];
  array += "}";
  pqxx::nontransaction tx(conn);
  tx.exec_params(
      "UPDATE " + tx.quote_name(options_.schema) + ".outbox SET sent_at = now() WHERE id = ANY($1::bigint[])", array);
  m.published.inc(ids.size());
  batch.rows = ids.size();
  return batch;
}

}  // namespace hub::events

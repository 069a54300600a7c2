#include "common/service/readiness.hpp"

#include <pqxx/pqxx>

#include "common/json/json.hpp"
#include "common/log/log.hpp"

namespace hub::service {

Readiness::Readiness(db::Pool& db, std::string session_url, std::string schema, std::vector<db::Migration> migrations,
                     redis::Url redis, bool auto_migrate, std::chrono::milliseconds interval)
    : db_(db),
      session_url_(std::move(session_url)),
      schema_(std::move(schema)),
      migrations_(std::move(migrations)),
      redis_url_(std::move(redis)),
      auto_migrate_(auto_migrate),
      interval_(interval) {}

Readiness::~Readiness() {
  loop_.stop();
}

void Readiness::start() {
  loop_.start([this] {
    do {
      check_now();
    } while (loop_.sleep_for(interval_));
  });
}

// Redis is ridden out, not needed to serve: events wait in the outbox until it is back, and limits
// are counted locally meanwhile. Failing readiness over it would take every replica out of
// rotation at once for a blip, so it is reported as degraded and the process stays ready.
bool Readiness::ready() const {
  return checked_ && database_ok_ && schema_ok_ && !draining_;
}

std::string Readiness::describe() const {
  json::Writer w;
  w.begin_object().field("status", ready() ? "ready" : "not ready");
  w.key("checks").begin_object();
  w.field("database", database_ok_ ? "ok" : "unreachable");
  w.field("schema", schema_ok_ ? "current" : "behind");
  w.field("redis", redis_ok_ ? "ok" : "degraded");
  w.field("draining", draining_.load());
  w.end_object().end_object();
  return w.str();
}

void Readiness::check_now() {
  bool db_ok = false;
  bool schema_ok = false;
  try {
    db::Lease lease = db_.acquire();
    try {
      auto status = db::schema_status(*lease, schema_, migrations_);
      db_ok = true;
      if (!status.current() && auto_migrate_) {
        pqxx::connection session(db::with_connect_timeout(session_url_, std::chrono::seconds(5)));
        db::migrate(session, schema_, migrations_);
        status = db::schema_status(*lease, schema_, migrations_);
        // A migration may have created the service's session role: connections opened before it
        // act as the connecting role, so they are reopened.
        lease.discard();
        db_.retire_connections();
      }
      schema_ok = status.current();
    } catch (const pqxx::broken_connection&) {
      lease.discard();
      db_ok = false;
    } catch (const std::exception& e) {
      if (!lease->is_open()) lease.discard();
      log::warn("schema check failed", {{"schema", schema_}, {"error", e.what()}});
    }
  } catch (const std::exception& e) {
    db_ok = false;
  }
  if (database_ok_ && !db_ok) log::warn("database unreachable");
  database_ok_ = db_ok;
  schema_ok_ = schema_ok;

  bool redis_ok = false;
  try {
    if (!redis_ || redis_->broken()) redis_ = redis::Connection::open(redis_url_, std::chrono::seconds(1));
    auto reply = redis_->command({"PING"});
    redis_ok = !reply.is_error();
  } catch (const std::exception&) {
    redis_.reset();
  }
  if (redis_ok_ && !redis_ok) log::warn("redis unreachable");
  redis_ok_ = redis_ok;
  checked_ = true;
}

}  // namespace hub::service

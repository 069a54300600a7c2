#include "common/events/consumer.hpp"

#include <hiredis/hiredis.h>
#include <unistd.h>

#include <map>

#include "common/db/transaction.hpp"
#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"

namespace hub::events {
namespace {

metrics::Counter& counter(const char* name, const char* help, const std::string& group) {
  return metrics::Registry::global().counter(name, help, {{"group", group}});
}

metrics::Counter& skipped() {
  static metrics::Counter& c = metrics::Registry::global().counter(
      "hub_events_skipped_total", "Events acknowledged unhandled: not of a type this service acts on", {});
  return c;
}

}  // namespace

std::string default_consumer_name() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  return std::string(host) + "-" + std::to_string(getpid());
}

StreamConsumer::StreamConsumer(ConsumerOptions options, db::Pool& db, EventHandler handler)
    : options_(std::move(options)), db_(db), handler_(std::move(handler)) {
  if (options_.consumer.empty()) options_.consumer = default_consumer_name();
  // The blocking read must end before the socket's own timeout would break the connection.
}

StreamConsumer::~StreamConsumer() {
  stop();
}

void StreamConsumer::start() {
  loop_.start([this] { run(); });
}

void StreamConsumer::stop() {
  loop_.stop();
}

void StreamConsumer::run() {
  std::chrono::milliseconds backoff{100};
  auto& errors = counter("hub_events_consumer_errors_total", "Consumer failures (Redis or PostgreSQL unavailable)",
                         options_.group);
  while (!loop_.stopping()) {
    if (options_.gate && !options_.gate()) {
      if (!loop_.sleep_for(std::chrono::milliseconds(200))) break;
      continue;
    }
    try {
      if (!redis_ || redis_->broken()) {
        redis_.reset();
        redis_ = redis::Connection::open(options_.redis, options_.block + std::chrono::seconds(5));
        auto created = redis_->command({"XGROUP", "CREATE", options_.stream, options_.group, "0", "MKSTREAM"});
        if (created.is_error() && created.str().find("BUSYGROUP") == std::string_view::npos) {
          throw redis::RedisError("cannot create consumer group: " + std::string(created.str()));
        }
      }
      cycle();
      backoff = std::chrono::milliseconds(100);
    } catch (const std::exception& e) {
      redis_.reset();
      errors.inc();
      log::warn("event consumer waiting", {{"group", options_.group}, {"error", e.what()}});
      if (!loop_.sleep_for(backoff)) break;
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
  }
}

void StreamConsumer::cycle() {
  auto now = std::chrono::steady_clock::now();
  if (now - last_reclaim_ > options_.reclaim_every) {
    last_reclaim_ = now;
    for (const auto& e : reclaim()) {
      if (loop_.stopping()) return;
      process(e);
    }
  }
  // Our own pending entries first (left by a failure), then new ones.
  auto pending = read("0", false);
  if (!pending.empty()) {
    bool all_done = true;
    for (const auto& e : pending) {
      if (loop_.stopping()) return;
      all_done = process(e) && all_done;
    }
    if (!all_done) loop_.sleep_for(std::chrono::milliseconds(200));  // a failing entry is retried, not spun on
    return;
  }
  process_batch(read(">", true));
}

namespace {

std::vector<std::pair<std::string, std::string>> entries_of(const redisReply* list) {
  std::vector<std::pair<std::string, std::string>> out;
  if (list == nullptr || list->type != REDIS_REPLY_ARRAY) return out;
  for (std::size_t i = 0; i < list->elements; ++i) {
    const redisReply* entry = list->element[i];
    if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 2) continue;
    std::string id(redis::element_str(entry->element[0]));
    std::string envelope;
    const redisReply* fields = entry->element[1];
    if (fields->type == REDIS_REPLY_ARRAY) {
      for (std::size_t k = 0; k + 1 < fields->elements; k += 2) {
        if (redis::element_str(fields->element[k]) == "envelope") {
          envelope = std::string(redis::element_str(fields->element[k + 1]));
        }
      }
    }
    out.emplace_back(std::move(id), std::move(envelope));
  }
  return out;
}

}  // namespace

std::vector<StreamConsumer::Entry> StreamConsumer::read(const std::string& from, bool block) {
  std::vector<std::string> args = {"XREADGROUP",      "GROUP", options_.group,
                                   options_.consumer, "COUNT", std::to_string(options_.batch)};
  if (block) {
    args.push_back("BLOCK");
    args.push_back(std::to_string(options_.block.count()));
  }
  args.insert(args.end(), {"STREAMS", options_.stream, from});
  auto reply = redis_->command(args);
  if (reply.is_error()) throw redis::RedisError("XREADGROUP failed: " + std::string(reply.str()));
  std::vector<Entry> out;
  if (!reply.is_array()) return out;  // nil: nothing new before the block timeout
  for (std::size_t s = 0; s < reply.size(); ++s) {
    const redisReply* stream = reply.element(s);
    if (stream->type != REDIS_REPLY_ARRAY || stream->elements < 2) continue;
    for (auto& [id, env] : entries_of(stream->element[1]))
      out.push_back(Entry{id, env});
  }
  return out;
}

std::vector<StreamConsumer::Entry> StreamConsumer::reclaim() {
  auto& reclaimed =
      counter("hub_events_reclaimed_total", "Entries taken over from consumers that stopped", options_.group);
  std::vector<Entry> out;
  std::string cursor = "0-0";
  do {
    auto reply = redis_->command({"XAUTOCLAIM", options_.stream, options_.group, options_.consumer,
                                  std::to_string(options_.reclaim_idle.count()), cursor, "COUNT",
                                  std::to_string(options_.batch)});
    if (reply.is_error() || !reply.is_array() || reply.size() < 2) break;
    cursor = std::string(redis::element_str(reply.element(0)));
    for (auto& [id, env] : entries_of(reply.element(1)))
      out.push_back(Entry{id, env});
  } while (cursor != "0-0" && out.size() < options_.batch * 4);
  if (!out.empty()) {
    reclaimed.inc(out.size());
    log::info("reclaimed pending events", {{"group", options_.group}, {"count", out.size()}});
  }
  return out;
}

bool StreamConsumer::process(const Entry& entry) {
  static auto& handled = metrics::Registry::global().counter("hub_events_handled_total", "Events handled", {});
  auto parsed = parse_envelope(entry.envelope);
  if (!parsed) {
    dead_letter(entry, "unreadable envelope: " + parsed.error());
    return true;
  }
  const Envelope& event = parsed.value();
  if (options_.wants && !options_.wants(event)) {
    redis_->command({"XACK", options_.stream, options_.group, entry.id});
    skipped().inc();
    return true;
  }
  AfterCommit after_commit;  // dropped unrun when the transaction does not commit
  try {
    db::transact(db_, [&](pqxx::work& tx) {
      auto first = tx.exec_params("INSERT INTO " + tx.quote_name(options_.schema) +
                                      ".processed_events (event_id) VALUES ($1::uuid) ON CONFLICT DO NOTHING",
                                  event.id);
      if (first.affected_rows() == 0) return;  // handled before: acknowledge without effect
      handler_(tx, event, after_commit);
    });
  } catch (const ApiError& e) {
    // The database is unavailable: not the event's fault. Back off and retry it; it never counts
    // towards the dead-letter limit as a failure of its own.
    if (e.status() == 503) throw;
    return handle_failure(entry, event, e.what());
  } catch (const redis::RedisError&) {
    throw;
  } catch (const std::exception& e) {
    return handle_failure(entry, event, e.what());
  }
  // Committed (every path that did not commit returned or threw above): the handler's signals go
  // out now, before the acknowledgement, so a crash in between loses at most the signals.
  after_commit.run();
  redis_->command({"XACK", options_.stream, options_.group, entry.id});
  handled.inc();
  return true;
}

void StreamConsumer::process_batch(const std::vector<Entry>& entries) {
  static auto& handled = metrics::Registry::global().counter("hub_events_handled_total", "Events handled", {});
  if (entries.size() <= 1) {
    for (const auto& e : entries)
      process(e);
    return;
  }
  struct Item {
    const Entry* entry;
    Envelope event;
  };
  std::vector<Item> items;
  std::vector<std::string> unwanted = {"XACK", options_.stream, options_.group};
  for (const auto& e : entries) {
    auto parsed = parse_envelope(e.envelope);
    if (!parsed) {
      dead_letter(e, "unreadable envelope: " + parsed.error());
      continue;
    }
    if (options_.wants && !options_.wants(parsed.value())) {
      unwanted.push_back(e.id);
      continue;
    }
    items.push_back(Item{&e, std::move(parsed).value()});
  }
  if (unwanted.size() > 3) {
    redis_->command(unwanted);
    skipped().inc(unwanted.size() - 3);
  }
  if (items.empty()) return;
  std::vector<AfterCommit> signals;
  std::vector<std::string> done;
  std::vector<std::pair<const Item*, std::string>> failed;
  try {
    db::transact(db_, [&](pqxx::work& tx) {
      const std::string record = "INSERT INTO " + tx.quote_name(options_.schema) +
                                 ".processed_events (event_id) VALUES ($1::uuid) ON CONFLICT DO NOTHING";
      for (const auto& item : items) {
        AfterCommit after_commit;
        tx.exec0("SAVEPOINT event");
        try {
          auto first = tx.exec_params(record, item.event.id);
          if (first.affected_rows() > 0) handler_(tx, item.event, after_commit);
        } catch (const ApiError& e) {
          if (e.status() == 503) throw;  // the database is away: the whole batch waits
          tx.exec0("ROLLBACK TO SAVEPOINT event");
          failed.emplace_back(&item, e.what());
          continue;
        } catch (const pqxx::broken_connection&) {
          throw;
        } catch (const redis::RedisError&) {
          throw;
        } catch (const std::exception& e) {
          tx.exec0("ROLLBACK TO SAVEPOINT event");
          failed.emplace_back(&item, e.what());
          continue;
        }
        tx.exec0("RELEASE SAVEPOINT event");
        signals.push_back(std::move(after_commit));
        done.push_back(item.entry->id);
      }
    });
  } catch (const ApiError& e) {
    if (e.status() == 503) throw;
    // The batch as a whole did not commit (not for a lost database): each on its own, as ever.
    for (const auto& item : items)
      if (!loop_.stopping()) process(*item.entry);
    return;
  }
  // Committed: the handlers' signals, then one acknowledgement for the batch.
  for (auto& s : signals)
    s.run();
  if (!done.empty()) {
    std::vector<std::string> ack = {"XACK", options_.stream, options_.group};
    ack.insert(ack.end(), done.begin(), done.end());
    redis_->command(ack);
    handled.inc(done.size());
  }
  // What failed rolled back alone and stays pending: retried on its own, dead-lettered in the end.
  for (const auto& [item, error] : failed)
    handle_failure(*item->entry, item->event, error);
}

bool StreamConsumer::handle_failure(const Entry& entry, const Envelope& event, const std::string& error) {
  {
    // Not acknowledged: it stays pending. Redis counts deliveries; past the limit it is set aside.
    auto pending = redis_->command({"XPENDING", options_.stream, options_.group, entry.id, entry.id, "1"});
    long long deliveries = 0;
    if (pending.is_array() && pending.size() == 1) {
      const redisReply* item = pending.element(0);
      if (item->type == REDIS_REPLY_ARRAY && item->elements >= 4) deliveries = item->element[3]->integer;
    }
    log::warn("event handler failed", {{"group", options_.group},
                                       {"event", event.id},
                                       {"type", event.type},
                                       {"deliveries", deliveries},
                                       {"error", error}});
    if (deliveries >= options_.max_attempts) {
      dead_letter(entry, error);
      return true;
    }
    return false;
  }
}

void StreamConsumer::dead_letter(const Entry& entry, const std::string& reason) {
  auto& dead = counter("hub_events_dead_letters_total", "Events set aside after failing too often", options_.group);
  auto added = redis_->command({"XADD", options_.stream + ":dead", "*", "entry", entry.id, "group", options_.group,
                                "reason", reason, "envelope", entry.envelope});
  if (added.is_error()) throw redis::RedisError("cannot dead-letter: " + std::string(added.str()));
  redis_->command({"XACK", options_.stream, options_.group, entry.id});
  dead.inc();
  log::error("event moved to the dead-letter stream",
             {{"group", options_.group}, {"entry", entry.id}, {"reason", reason}});
}

}  // namespace hub::events

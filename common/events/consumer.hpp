#pragma once
// Reading the `events` stream as one consumer group (named after the consuming service; each
// process is a consumer named after its host and pid), on a Redis connection and thread of its own.
//
// Each event is handled in a database transaction that also records its id in the consumer's
// processed_events table (new entries read together share one transaction, each event behind a
// savepoint of its own, so a batch costs one commit and a failing event rolls back alone): an event seen again (a relay
// retry, a reclaimed entry) finds its id and is acknowledged without effect, so delivery is at least once and the
// effect exactly once. The entry is acknowledged only after that transaction committed, and what the handler left for
// after the commit (after_commit.hpp) runs between the commit and the acknowledgement. Entries a dead consumer left
// pending are reclaimed after `reclaim_idle`; an entry that failed `max_attempts` times moves to
// `<stream>:dead` (counted in hub_events_dead_letters_total) so it cannot block the group.
#include <chrono>
#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "common/db/pool.hpp"
#include "common/events/after_commit.hpp"
#include "common/events/envelope.hpp"
#include "common/redis/keys.hpp"
#include "common/redis/redis.hpp"
#include "common/work/background.hpp"

namespace hub::events {

struct ConsumerOptions {
  std::string stream{redis::keys::kEventsStream};
  std::string group;     // the consuming service
  std::string consumer;  // defaults to host-pid
  std::string schema;    // where processed_events lives
  redis::Url redis;
  std::size_t batch = 50;
  std::chrono::milliseconds block{2000};
  std::chrono::milliseconds reclaim_idle{30000};
  std::chrono::milliseconds reclaim_every{5000};
  int max_attempts = 5;
  std::chrono::milliseconds max_backoff{5000};
  // Consumes only while this says yes (a service whose schema is not migrated yet would fail every
  // event and send it to the dead letters); unset means always.
  std::function<bool()> gate;
  // The events the handler acts on (all when unset); the others are acknowledged at once, with no
  // transaction and no processed_events row (handling them would change nothing, twice or once).
  std::function<bool(const Envelope&)> wants;
};

// Runs inside the transaction; throwing rolls it back and leaves the entry pending for a retry.
// Network calls go into `after_commit`, which runs only once the transaction has committed.
using EventHandler = std::function<void(pqxx::work& tx, const Envelope& event, AfterCommit& after_commit)>;

class StreamConsumer {
 public:
  StreamConsumer(ConsumerOptions options, db::Pool& db, EventHandler handler);
  ~StreamConsumer();
  StreamConsumer(const StreamConsumer&) = delete;
  StreamConsumer& operator=(const StreamConsumer&) = delete;

  void start();
  void stop();
  const std::string& consumer_name() const { return options_.consumer; }

 private:
  struct Entry {
    std::string id;
    std::string envelope;
  };
  void run();
  void cycle();
  std::vector<Entry> read(const std::string& from, bool block);
  std::vector<Entry> reclaim();
  // True when the entry is done with (handled, already handled, or dead-lettered).
  bool process(const Entry& entry);
  void process_batch(const std::vector<Entry>& entries);
  bool handle_failure(const Entry& entry, const Envelope& event, const std::string& error);
  void dead_letter(const Entry& entry, const std::string& reason);

  ConsumerOptions options_;
  db::Pool& db_;
  EventHandler handler_;
  std::unique_ptr<redis::Connection> redis_;
  std::chrono::steady_clock::time_point last_reclaim_{};
  work::Background loop_;
};

// host-pid
std::string default_consumer_name();

}  // namespace hub::events

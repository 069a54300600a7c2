#pragma once
// Pushes whose events could not be recorded when they landed. git has moved the refs before the
// post-receive hook runs, so a push never waits on, or fails with, the database: when the hook
// cannot record the push it writes it down under the data folder (one file per push, its event id
// fixed then), and the repos service records what it finds there once the database answers, oldest
// first. The fixed id makes a push recorded twice (the hook's commit landed but its answer was
// lost, or the service stopped between recording and removing the file) one event.
#include <chrono>
#include <cstddef>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/db/pool.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/config.hpp"

namespace hub::repos {

struct UnrecordedPush {
  EventStamp stamp;
  std::string repo_id;
  access::Identity actor;  // user id and name; empty for none
  std::vector<RefUpdate> updates;
};

// Where they are kept: <data>/unrecorded.
std::string unrecorded_dir(const std::string& data_dir);

// Whether the event with this id is in the outbox (rows there are never deleted).
bool push_recorded(pqxx::transaction_base& tx, const std::string& event_id);

// Writes one down whole or not at all (a temporary file renamed into place). Throws on failure.
void save_unrecorded(const std::string& dir, const UnrecordedPush& push);

// Each push written down, oldest first: recorded (or found recorded already, or its repo deleted)
// and its file removed. Stops at the first database failure, leaving the rest for the next pass;
// a file that cannot be read is moved aside (.bad) and logged. How many were recorded.
std::size_t record_unrecorded(db::Pool& db, const ReposConfig& config);

// A pass every `interval` on a thread of its own, until the process stops.
void start_unrecorded_replay(db::Pool& db, ReposConfig config, std::chrono::milliseconds interval);

}  // namespace hub::repos

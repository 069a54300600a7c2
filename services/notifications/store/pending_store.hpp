#pragma once
// Events waiting for their fan-out (schemas/notifications/110_inbox_routing.sql, pending_notices):
// written by the consumer's transaction, claimed by one replica at a time (FOR UPDATE SKIP LOCKED,
// then a lease: no transaction stays open while auth is asked), deleted with the items they made.
// SQL only, in the caller's transaction.
#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace hub::notifications {

struct PendingNotice {
  std::string event_id;
  std::string repo_id;
  std::string notice_json;
  int attempts = 0;  // this claim included
};

void add_pending(pqxx::work& tx, const std::string& event_id, const std::string& repo_id,
                 const std::string& notice_json);

// The oldest due rows (at most `limit`), leased for `lease`: another replica takes them only once
// the lease ran out (this one died on them).
std::vector<PendingNotice> claim_pending(pqxx::work& tx, std::size_t limit, std::chrono::milliseconds lease);

void finish_pending(pqxx::work& tx, const std::vector<std::string>& event_ids);
// Tried again after `delay`.
void postpone_pending(pqxx::work& tx, const std::vector<std::string>& event_ids, std::chrono::milliseconds delay,
                      const std::string& error);
// Set aside for good (kept for an operator, never claimed again).
void fail_pending(pqxx::work& tx, const std::vector<std::string>& event_ids, const std::string& error);

// How many rows wait (due or not, failed ones apart): the backlog a benchmark watches.
std::int64_t pending_count(pqxx::transaction_base& tx);

}  // namespace hub::notifications

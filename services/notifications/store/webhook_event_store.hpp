#pragma once
// notifications.webhook_events and webhook_repos: events waiting to be matched to hooks (written
// by the consumer in the transaction that records the event, claimed by matchers with a lease), and
// what the events said about each repo. SQL only, in the caller's transaction.
#include <chrono>
#include <cstddef>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace hub::notifications {

// false when the event is here already.
bool insert_pending_event(pqxx::work& tx, const std::string& event_id, const std::string& envelope);

struct PendingEvent {
  std::string event_id;
  std::string envelope;
  std::string received_at;  // RFC 3339, microseconds
};
// Up to `limit` events no matcher holds, oldest first, now held for `lease` (SKIP LOCKED: replicas
// take different ones).
std::vector<PendingEvent> claim_pending_events(pqxx::work& tx, std::size_t limit, std::chrono::milliseconds lease);
// The same for these events (uuids), those still pending and not held, by key: no scan.
std::vector<PendingEvent> claim_named_events(pqxx::work& tx, const std::vector<std::string>& event_ids,
                                             std::chrono::milliseconds lease);
void finish_pending_event(pqxx::work& tx, const std::string& event_id);
// Let go of an event that could not be matched now (a peer is down): another try after `delay`.
void postpone_pending_event(pqxx::work& tx, const std::string& event_id, std::chrono::milliseconds delay);

// What the events said about a repo: its name (for the checks auth makes by name) and visibility.
struct RepoFact {
  std::string repo_id;
  std::string repo_type;
  std::string name;  // namespace/name
  std::optional<bool> is_private;
};
// Takes the event's facts unless a newer event (by occurredAt) said otherwise; an event without a
// visibility keeps the one known.
void note_repo_fact(pqxx::work& tx, const RepoFact& fact, const std::string& occurred_at);
std::optional<RepoFact> find_repo_fact(pqxx::transaction_base& tx, const std::string& repo_id);

}  // namespace hub::notifications

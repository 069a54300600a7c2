#pragma once
// The events a repo change causes (schemas/events/README.md), written to the outbox in the
// transaction of the change.
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "common/access/identity.hpp"
#include "common/events/catalog.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {

// An event's id and time fixed when the change happened, for one recorded later (a push whose
// hook could not reach the database): the same id each time it is tried, so it is recorded once.
struct EventStamp {
  std::string id;           // UUID
  std::string occurred_at;  // RFC 3339
};

// The event of type `type` whose data object is `data_json`, about `repo`, to the outbox. Without a
// stamp the event gets a fresh id and the current time.
void append_event(pqxx::work& tx, std::string_view type, std::string data_json, const RepoRow& repo,
                  const access::Identity* actor, const EventStamp* stamp = nullptr);

// One of common/events/catalog.hpp's events about `repo`.
template <class Event>
void emit(pqxx::work& tx, const Event& event, const RepoRow& repo, const access::Identity* actor,
          const EventStamp* stamp = nullptr) {
  append_event(tx, Event::kType, events::data_of(event), repo, actor, stamp);
}

using events::RefUpdate;

// A content change: repo.content with updatedRefs, and the repo's head and lastModified when main
// moved.
void record_ref_updates(pqxx::work& tx, const RepoRow& repo, const access::Identity* actor,
                        const std::vector<RefUpdate>& updates, const EventStamp* stamp = nullptr);

// The same for updates recorded late: the event as it was stamped, and the head set to `main_now`
// (main as git has it now, which later pushes may have moved on), not to what the updates say.
// Throws pqxx::unique_violation when the stamped event was recorded already.
void record_late_ref_updates(pqxx::work& tx, const RepoRow& repo, const access::Identity* actor,
                             const std::vector<RefUpdate>& updates, const EventStamp& stamp,
                             const std::string& main_now);

}  // namespace hub::repos

#include "services/repos/app/repo_events.hpp"

#include "common/events/outbox.hpp"
#include "common/json/json.hpp"

namespace hub::repos {

void append_event(pqxx::work& tx, std::string_view type, std::string data_json, const RepoRow& repo,
                  const access::Identity* actor, const EventStamp* stamp) {
  auto event = events::Envelope::make(std::string(type), std::move(data_json));
  if (stamp != nullptr) {
    event.id = stamp->id;
    event.occurred_at = stamp->occurred_at;
  }
  event.repo = events::RepoRef{repo.id, repo.type, repo.full_name()};
  if (actor != nullptr && !actor->anonymous()) event.actor = events::Actor{actor->user_id, actor->user_name};
  events::append(tx, "repos", event);
}

void record_ref_updates(pqxx::work& tx, const RepoRow& repo, const access::Identity* actor,
                        const std::vector<RefUpdate>& updates, const EventStamp* stamp) {
  for (const auto& u : updates) {
    if (u.ref == "refs/heads/main" && !u.new_sha.empty()) touch_repo(tx, repo.id, u.new_sha);
  }
  emit(tx, events::RepoContent{updates}, repo, actor, stamp);
}

void record_late_ref_updates(pqxx::work& tx, const RepoRow& repo, const access::Identity* actor,
                             const std::vector<RefUpdate>& updates, const EventStamp& stamp,
                             const std::string& main_now) {
  if (!main_now.empty() && main_now != repo.head_sha) touch_repo(tx, repo.id, main_now);
  emit(tx, events::RepoContent{updates}, repo, actor, &stamp);
}

}  // namespace hub::repos

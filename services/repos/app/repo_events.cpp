#include "services/repos/app/repo_events.hpp"

#include "common/events/outbox.hpp"
#include "common/json/json.hpp"

namespace hub::repos {

void emit(pqxx::work& tx, std::string_view type, const RepoRow& repo, const access::Identity* actor,
          std::string_view data_fields, const EventStamp* stamp) {
  std::string data = "{";
  data.append(data_fields).append("}");
  auto event = events::Envelope::make(std::string(type), std::move(data));
  if (stamp != nullptr) {
    event.id = stamp->id;
    event.occurred_at = stamp->occurred_at;
  }
  event.repo = events::RepoRef{repo.id, repo.type, repo.full_name()};
  if (actor != nullptr && !actor->anonymous()) event.actor = events::Actor{actor->user_id, actor->user_name};
  events::append(tx, "repos", event);
}

namespace {

// `"updatedRefs":[…]`, the data of a repo.content event.
std::string updated_refs_fields(const std::vector<RefUpdate>& updates) {
  json::Writer w;
  w.begin_object().key("updatedRefs").begin_array();
  for (const auto& u : updates) {
    w.begin_object().field("ref", u.ref);
    w.key("oldSha");
    u.old_sha.empty() ? w.null() : w.value(u.old_sha);
    w.key("newSha");
    u.new_sha.empty() ? w.null() : w.value(u.new_sha);
    w.end_object();
  }
  w.end_array().end_object();
  const std::string data = w.str();
  return data.substr(1, data.size() - 2);
}

}  // namespace

void record_ref_updates(pqxx::work& tx, const RepoRow& repo, const access::Identity* actor,
                        const std::vector<RefUpdate>& updates, const EventStamp* stamp) {
  for (const auto& u : updates) {
    if (u.ref == "refs/heads/main" && !u.new_sha.empty()) touch_repo(tx, repo.id, u.new_sha);
  }
  emit(tx, "repo.content", repo, actor, updated_refs_fields(updates), stamp);
}

void record_late_ref_updates(pqxx::work& tx, const RepoRow& repo, const access::Identity* actor,
                             const std::vector<RefUpdate>& updates, const EventStamp& stamp,
                             const std::string& main_now) {
  if (!main_now.empty() && main_now != repo.head_sha) touch_repo(tx, repo.id, main_now);
  emit(tx, "repo.content", repo, actor, updated_refs_fields(updates), &stamp);
}

std::string registry_fields(const RepoRow& repo) {
  json::Writer w;
  w.begin_object().field("private", repo.is_private);
  if (!repo.creator_id.empty()) w.field("creatorId", repo.creator_id);
  w.end_object();
  std::string out = w.str();
  return out.substr(1, out.size() - 2);  // the fields, without their braces
}

}  // namespace hub::repos

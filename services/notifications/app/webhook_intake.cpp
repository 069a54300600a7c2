#include "services/notifications/app/webhook_intake.hpp"

#include "common/json/json.hpp"
#include "services/notifications/app/webhook_context.hpp"
#include "services/notifications/domain/webhook_payload.hpp"
#include "services/notifications/store/webhook_event_store.hpp"
#include "services/notifications/store/webhook_store.hpp"

namespace hub::notifications {
namespace {

// The repo's visibility when the event says it: repo.created, .updated and .moved carry `private`,
// repo.config carries `updatedConfig.private` when visibility changed.
std::optional<bool> visibility_in(const events::Envelope& e) {
  auto data = json::parse_object(e.data, json::ParseLimits{16 << 20, 128});
  if (!data) return std::nullopt;
  const json::Value* holder = e.type == "repo.config" ? json::find(data.value(), "updatedConfig") : &data.value();
  if (holder == nullptr) return std::nullopt;
  const json::Value* p = json::find(*holder, "private");
  if (p == nullptr || !p->IsBool()) return std::nullopt;
  return p->GetBool();
}

}  // namespace

void take_event_for_webhooks(pqxx::work& tx, const events::Envelope& event, events::AfterCommit& after_commit) {
  if (!event.repo) return;
  // Only repo events change a repo's name or visibility; the others would only rewrite the same row.
  if (event.type.starts_with("repo.")) {
    note_repo_fact(tx, RepoFact{event.repo->id, event.repo->type, event.repo->name, visibility_in(event)},
                   event.occurred_at);
  }
  if (event.type == "repo.moved") rename_watched_repo(tx, event.repo->id, event.repo->name);
  if (!webhook_event_of(event)) return;
  if (!any_hook_watching(tx, event.repo->id, watching_namespaces(event))) return;
  if (insert_pending_event(tx, event.id, event.to_json())) {
    after_commit.add([id = event.id] {
      matcher_handover().add(id);
      matcher_doorbell().ring();
    });
  }
}

}  // namespace hub::notifications

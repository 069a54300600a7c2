// The event handlers: the registry's reconciler and the audit entries other services ask for.
#include "services/auth/app/reconciler.hpp"

#include "common/log/log.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/app/audit_trail.hpp"
#include "services/auth/store/org_store.hpp"
#include "services/auth/store/repo_registry_store.hpp"

namespace hub::auth {
namespace {

// "namespace/name" into its two parts; empty when malformed.
std::pair<std::string, std::string> split_repo_name(const std::string& full) {
  const auto slash = full.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == full.size() ||
      full.find('/', slash + 1) != std::string::npos) {
    return {};
  }
  return {full.substr(0, slash), full.substr(slash + 1)};
}

// A string field, or "" when it is missing or not a string.
std::string text_field(const json::Value& object, std::string_view key) {
  auto v = json::get_optional_string(object, key);
  return v && *v ? std::string(**v) : std::string();
}

bool is_registry_event(const events::Envelope& event) {
  return event.type == "repo.deleted" || event.type == "repo.created" || event.type == "repo.updated" ||
         event.type == "repo.moved";
}

bool reconcile_registry(pqxx::work& tx, const events::Envelope& event, const json::Value& data) {
  const bool removal = event.type == "repo.deleted";
  if (!is_registry_event(event)) return false;
  if (!event.repo || !util::is_uuid(event.repo->id)) {
    log::warn("repo event without a repo id; registry unchanged", {{"event", event.id}, {"type", event.type}});
    return false;
  }
  const std::string& id = event.repo->id;
  if (removal) {
    reconcile_deletion(tx, id, event.occurred_at);
    return true;
  }
  auto [ns, name] = split_repo_name(event.repo->name);
  auto is_private = json::get_optional_bool(data, "private");
  if (ns.empty() || !is_private || !*is_private) {
    log::warn("repo event without namespace/name or private; registry unchanged",
              {{"event", event.id}, {"type", event.type}});
    return false;
  }
  std::string creator_id = text_field(data, "creatorId");
  if (!util::is_uuid(creator_id)) creator_id.clear();
  // A savepoint: a name another repo holds now (a later move) skips this event's state, not the event.
  if (!reconcile_state(tx, RegisteredRepo{id, event.repo->type, ns, name, **is_private, creator_id},
                       event.occurred_at)) {
    log::warn("repo event names a path another repo holds; registry unchanged",
              {{"event", event.id}, {"repo", event.repo->name}});
  }
  return true;
}

void audit_event(pqxx::work& tx, const events::Envelope& event, const json::Value& audit_block) {
  AuditEntry entry;
  if (event.actor) {
    entry.actor_id = util::is_uuid(event.actor->id) ? event.actor->id : "";
    entry.actor_name = event.actor->name;
  }
  entry.action = text_field(audit_block, "action");
  if (entry.action.empty()) entry.action = event.type;
  entry.target = text_field(audit_block, "target");
  if (entry.target.empty() && event.repo) entry.target = event.repo->name;
  entry.source_address = text_field(audit_block, "sourceAddress");
  if (const json::Value* details = json::find(audit_block, "details")) {
    json::Writer w;
    w.raw_value(*details);
    entry.details_json = w.str();
  }
  // Whose admins see it: the org named in the block, else the org owning the repo.
  std::string org = text_field(audit_block, "org");
  if (org.empty() && event.repo) org = split_repo_name(event.repo->name).first;
  if (!org.empty()) {
    if (auto found = find_org_by_name(tx, org)) entry.org_id = found->id;
  }
  audit(tx, entry);
}

}  // namespace

bool may_handle_event(const events::Envelope& event) {
  // The catalog's writer puts keys as they are spelled, never \u-escaped.
  return is_registry_event(event) || event.data.find("\"audit\"") != std::string::npos;
}

void handle_event(pqxx::work& tx, const events::Envelope& event, events::AfterCommit& after_commit,
                  Invalidator& invalidator) {
  auto data = json::parse_object(event.data);
  if (!data) return;  // the envelope parser already checked it is an object
  if (const json::Value* block = json::find(data.value(), "audit"); block != nullptr && block->IsObject()) {
    audit_event(tx, event, *block);
  }
  // After the commit, as for the routes: published earlier, a gateway could re-ask before the
  // registry changed and cache the old answer; and a rollback would have announced a change that
  // never happened.
  if (reconcile_registry(tx, event, data.value())) {
    after_commit.add([&invalidator] { invalidator.everything_changed(); });
  }
}

}  // namespace hub::auth

#pragma once
// notifications.webhooks and webhook_watches (schemas/notifications/130_webhooks.sql): the hooks,
// what each watches, and the hooks an event's repo concerns. SQL only, in the caller's transaction.
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "services/notifications/domain/webhook_records.hpp"

namespace hub::notifications {

void insert_hook(pqxx::work& tx, const HookRow& hook);
// Replaces url, domains, secret, cap and watched items.
void update_hook(pqxx::work& tx, const HookRow& hook);
// false when the owner has no such hook.
bool delete_hook(pqxx::work& tx, const HookOwner& owner, const std::string& id);
std::optional<HookRow> find_hook(pqxx::transaction_base& tx, const HookOwner& owner, const std::string& id);
std::vector<HookRow> list_hooks(pqxx::transaction_base& tx, const HookOwner& owner);
std::int64_t count_hooks(pqxx::transaction_base& tx, const HookOwner& owner);
// Enables (clearing the failure streak) or disables, with why. false when there is no such hook.
bool set_disabled(pqxx::work& tx, const HookOwner& owner, const std::string& id, bool disabled,
                  const std::string& reason);

// Keys rotate: hooks whose secret another key than `key_id` sealed, a batch at a time ({id, sealed});
// and the swap to a secret sealed anew, unless it changed meanwhile (false then).
std::vector<std::pair<std::string, std::string>> secrets_sealed_elsewhere(pqxx::transaction_base& tx,
                                                                          const std::string& key_id, std::size_t limit);
bool reseal_secret(pqxx::work& tx, const std::string& id, const std::string& old_sealed, const std::string& new_sealed);

// A hook an event may be for: enabled, watching the event's repo or its namespace, created before
// the event arrived here (a new hook does not receive what happened before it).
struct CandidateHook {
  std::string id;
  HookOwner owner;
  std::string domains_json;
};
// `namespaces`: the repo's (lower case), and for a move the one it left too.
std::vector<CandidateHook> hooks_watching(pqxx::transaction_base& tx, const std::string& repo_id,
                                          const std::vector<std::string>& namespaces, const std::string& received_at);
// Whether any enabled hook watches the repo or one of the namespaces (the consumer keeps only those events).
bool any_hook_watching(pqxx::transaction_base& tx, const std::string& repo_id,
                       const std::vector<std::string>& namespaces);

// A repo's watched items follow it when it moves (matching is by id; this is the name shown).
void rename_watched_repo(pqxx::work& tx, const std::string& repo_id, const std::string& new_name);

// The failure streak of a hook, kept for auto-disabling: after a failed attempt, the streak's
// start and the database's now (unix milliseconds both); a success ends it.
struct FailureStreak {
  std::int64_t since_ms = 0;
  std::int64_t now_ms = 0;
};
FailureStreak note_hook_failure(pqxx::work& tx, const std::string& id);
void note_hook_success(pqxx::work& tx, const std::string& id);
// Disables a hook that kept failing; false when it was disabled already (by someone else meanwhile).
bool disable_failing_hook(pqxx::work& tx, const std::string& id);

}  // namespace hub::notifications

#include "services/notifications/app/webhook_matcher.hpp"

#include <algorithm>

#include "common/db/transaction.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/util/random.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/notifications/app/hook_access.hpp"
#include "services/notifications/domain/hook_access.hpp"
#include "services/notifications/domain/webhook_payload.hpp"
#include "services/notifications/domain/webhook_settings.hpp"
#include "services/notifications/store/delivery_store.hpp"
#include "services/notifications/store/webhook_event_store.hpp"
#include "services/notifications/store/webhook_store.hpp"

namespace hub::notifications {
namespace {

constexpr auto kEventLease = std::chrono::seconds(20);
constexpr auto kRetryAfterFault = std::chrono::seconds(5);

std::string namespace_of(std::string_view full_name) {
  return util::to_lower(full_name.substr(0, full_name.find('/')));
}

std::string moved_from(const events::Envelope& e) {
  auto data = json::parse_object(e.data);
  if (!data) return {};
  const json::Value* from = json::find(data.value(), "movedFrom");
  return from != nullptr && from->IsString() ? std::string(from->GetString(), from->GetStringLength()) : "";
}

void finish(WebhookContext& wh, const std::string& event_id) {
  db::transact(wh.ctx.db, [&](pqxx::work& tx) { finish_pending_event(tx, event_id); });
}

void match_one(WebhookContext& wh, const PendingEvent& pending) {
  auto parsed = events::parse_envelope(pending.envelope);
  if (!parsed || !parsed.value().repo) {
    log::warn("webhooks.unreadable_event", {{"event", pending.event_id}});
    finish(wh, pending.event_id);
    return;
  }
  const events::Envelope& e = parsed.value();
  const auto what = webhook_event_of(e);
  std::vector<CandidateHook> hooks;
  std::optional<RepoFact> fact;
  if (what) {
    db::read_once(wh.ctx.db, [&](pqxx::nontransaction& tx) {
      hooks = hooks_watching(tx, e.repo->id, watching_namespaces(e), pending.received_at);
      fact = find_repo_fact(tx, e.repo->id);
    });
    std::erase_if(
        hooks, [&](const CandidateHook& h) { return !domains_cover(domains_from_json(h.domains_json), what->scope); });
  }
  if (hooks.empty()) {
    finish(wh, pending.event_id);
    return;
  }
  const std::string request_id = util::random_id();
  // Who may receive it, decided now: by the repo's newest name (events say it; a later move makes the
  // event's name another repo's), or for a deletion by what was last known (the repo is gone).
  const std::string shown_name = e.type == "repo.moved" && !moved_from(e).empty() ? moved_from(e) : e.repo->name;
  std::set<std::string> allowed;
  bool is_public = false;
  if (e.type == "repo.deleted") {
    is_public = fact && fact->is_private == false;
    for (const auto& h : hooks) {
      if (hook_may_receive_deletion(h.owner.name, namespace_of(e.repo->name), is_public)) allowed.insert(h.id);
    }
  } else {
    std::vector<HookRef> refs;
    refs.reserve(hooks.size());
    for (const auto& h : hooks)
      refs.push_back(HookRef{h.id, h.owner});
    const RepoReach reach = hooks_reaching(wh.auth, fact ? fact->repo_type : e.repo->type,
                                           fact ? fact->name : e.repo->name, refs, request_id);
    allowed = reach.hooks;
    is_public = reach.repo_public;
  }
  std::erase_if(hooks, [&](const CandidateHook& h) { return !allowed.contains(h.id); });
  if (hooks.empty()) {
    finish(wh, pending.event_id);
    return;
  }
  const auto ids = wh.namespace_ids.ids(wh.auth, {namespace_of(shown_name), namespace_of(e.repo->name)}, request_id);
  auto id_of = [&](const std::string& full_name) {
    auto it = ids.find(namespace_of(full_name));
    return it == ids.end() ? std::string() : it->second;
  };
  db::transact(wh.ctx.db, [&](pqxx::work& tx) {
    for (const auto& h : hooks) {
      NewDelivery d;
      d.id = util::uuid4();
      d.webhook_id = h.id;
      d.event_id = e.id;
      d.event_type = e.type;
      d.scope = what->scope;
      d.action = what->action;
      d.repo_id = e.repo->id;
      d.repo_type = e.repo->type;
      d.repo_name = e.repo->name;
      d.payload = build_payload(
          e, *what, PayloadFacts{h.id, !is_public, id_of(shown_name), id_of(e.repo->name), wh.ctx.settings.public_url});
      insert_delivery(tx, d);
    }
    finish_pending_event(tx, pending.event_id);
  });
}

}  // namespace

std::size_t match_pending_events(WebhookContext& wh) {
  const auto claimed = db::transact(
      wh.ctx.db, [&](pqxx::work& tx) { return claim_pending_events(tx, kEventsPerMatchPass, kEventLease); });
  bool matched = false;
  for (const auto& pending : claimed) {
    try {
      match_one(wh, pending);
      matched = true;
    } catch (const std::exception& e) {
      // Auth or the database away: the event stays, and is tried again shortly.
      log::warn("webhooks.match_postponed", {{"event", pending.event_id}, {"why", e.what()}});
      try {
        db::transact(wh.ctx.db,
                     [&](pqxx::work& tx) { postpone_pending_event(tx, pending.event_id, kRetryAfterFault); });
      } catch (const std::exception&) {
        // Its lease runs out by itself.
      }
    }
  }
  if (matched) sender_doorbell().ring();
  return claimed.size();
}

}  // namespace hub::notifications

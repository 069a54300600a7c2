#include "services/notifications/app/webhook_matcher.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

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

// One claimed event as the pass sees it: what it is for hooks, and the hooks that watch its repo or
// namespace and want its scope (before anyone asked auth).
struct Candidate {
  PendingEvent pending;
  std::optional<events::Envelope> event;  // unset: unreadable, or about no repo
  std::optional<WebhookEvent> what;
  std::vector<CandidateHook> hooks;
  std::optional<RepoFact> fact;
};

Candidate candidate_of(WebhookContext& wh, const PendingEvent& pending) {
  Candidate c{pending, std::nullopt, std::nullopt, {}, std::nullopt};
  auto parsed = events::parse_envelope(pending.envelope);
  if (!parsed || !parsed.value().repo) {
    log::warn("webhooks.unreadable_event", {{"event", pending.event_id}});
    return c;
  }
  c.event = std::move(parsed).value();
  const events::Envelope& e = *c.event;
  c.what = webhook_event_of(e);
  if (!c.what) return c;
  db::read_once(wh.ctx.db, [&](pqxx::nontransaction& tx) {
    c.hooks = hooks_watching(tx, e.repo->id, watching_namespaces(e), pending.received_at);
    c.fact = find_repo_fact(tx, e.repo->id);
  });
  std::erase_if(c.hooks, [&](const CandidateHook& h) {
    return !domains_cover(domains_from_json(h.domains_json), c.what->scope);
  });
  return c;
}

// The events of one repo in this pass: auth is asked once for all of them (who may receive what the
// repo does is the same for each), and their deliveries and removals commit together.
void match_repo_group(WebhookContext& wh, std::vector<Candidate>& group) {
  const std::string request_id = util::random_id();
  const Candidate& first = group.front();
  const std::string repo_type = first.fact ? first.fact->repo_type : first.event->repo->type;
  const std::string repo_name = first.fact ? first.fact->name : first.event->repo->name;
  // Who may receive it, decided now: by the repo's newest name, or for a deletion by what was last
  // known (the repo is gone, auth cannot be asked).
  std::vector<HookRef> refs;
  std::set<std::string> asked;
  for (const auto& c : group)
    if (c.event->type != "repo.deleted") {
      for (const auto& h : c.hooks)
        if (asked.insert(h.id).second) refs.push_back(HookRef{h.id, h.owner});
    }
  const RepoReach reach = hooks_reaching(wh.auth, repo_type, repo_name, refs, request_id);
  std::vector<std::string> names;
  for (auto& c : group) {
    const events::Envelope& e = *c.event;
    if (e.type == "repo.deleted") {
      const bool was_public = c.fact && c.fact->is_private == false;
      std::erase_if(c.hooks, [&](const CandidateHook& h) {
        return !hook_may_receive_deletion(h.owner.name, namespace_of(e.repo->name), was_public);
      });
    } else {
      std::erase_if(c.hooks, [&](const CandidateHook& h) { return !reach.hooks.contains(h.id); });
    }
    if (c.hooks.empty()) continue;
    const std::string from = e.type == "repo.moved" ? moved_from(e) : std::string();
    names.push_back(namespace_of(from.empty() ? e.repo->name : from));
    names.push_back(namespace_of(e.repo->name));
  }
  std::map<std::string, std::string> ids;
  if (!names.empty()) ids = wh.namespace_ids.ids(wh.auth, names, request_id);
  auto id_of = [&](const std::string& full_name) {
    auto it = ids.find(namespace_of(full_name));
    return it == ids.end() ? std::string() : it->second;
  };
  db::transact(wh.ctx.db, [&](pqxx::work& tx) {
    for (const auto& c : group) {
      const events::Envelope& e = *c.event;
      // A moved repo's event names it as it was: the payload shows the name the event carries.
      const std::string from = e.type == "repo.moved" ? moved_from(e) : std::string();
      const std::string shown_name = from.empty() ? e.repo->name : from;
      const bool is_public = e.type == "repo.deleted" ? (c.fact && c.fact->is_private == false) : reach.repo_public;
      for (const auto& h : c.hooks) {
        NewDelivery d;
        d.id = util::uuid4();
        d.webhook_id = h.id;
        d.event_id = e.id;
        d.event_type = e.type;
        d.scope = c.what->scope;
        d.action = c.what->action;
        d.repo_id = e.repo->id;
        d.repo_type = e.repo->type;
        d.repo_name = e.repo->name;
        d.payload = build_payload(
            e, *c.what,
            PayloadFacts{h.id, !is_public, id_of(shown_name), id_of(e.repo->name), wh.ctx.settings.public_url});
        insert_delivery(tx, d);
      }
      finish_pending_event(tx, c.pending.event_id);
    }
  });
}

void postpone(WebhookContext& wh, const std::vector<std::string>& event_ids, const std::exception& why) {
  // Auth or the database away: the events stay, and are tried again shortly.
  log::warn("webhooks.match_postponed", {{"events", event_ids.size()}, {"why", why.what()}});
  try {
    db::transact(wh.ctx.db, [&](pqxx::work& tx) {
      for (const auto& id : event_ids)
        postpone_pending_event(tx, id, kRetryAfterFault);
    });
  } catch (const std::exception&) {
    // Their leases run out by themselves.
  }
}

}  // namespace

std::size_t match_pending_events(WebhookContext& wh, MatchFrom from) {
  std::vector<std::string> handed;
  if (from == MatchFrom::kHandover) {
    handed = matcher_handover().take(kEventsPerMatchPass);
    if (handed.empty()) return 0;
  }
  const auto claimed = db::transact(wh.ctx.db, [&](pqxx::work& tx) {
    return from == MatchFrom::kScan ? claim_pending_events(tx, kEventsPerMatchPass, kEventLease)
                                    : claim_named_events(tx, handed, kEventLease);
  });
  if (claimed.empty()) return from == MatchFrom::kScan ? 0 : handed.size();  // (another replica had them)
  // Events that concern no hook are done with together; the others go by repo, in claim order.
  std::vector<std::string> nothing_to_send;
  std::map<std::string, std::vector<Candidate>> by_repo;
  std::vector<std::string> repo_order;
  for (const auto& pending : claimed) {
    try {
      Candidate c = candidate_of(wh, pending);
      if (!c.event || c.hooks.empty()) {
        nothing_to_send.push_back(pending.event_id);
        continue;
      }
      const std::string repo = c.event->repo->id;
      if (!by_repo.contains(repo)) repo_order.push_back(repo);
      by_repo[repo].push_back(std::move(c));
    } catch (const std::exception& e) {
      postpone(wh, {pending.event_id}, e);
    }
  }
  if (!nothing_to_send.empty()) {
    try {
      db::transact(wh.ctx.db, [&](pqxx::work& tx) {
        for (const auto& id : nothing_to_send)
          finish_pending_event(tx, id);
      });
    } catch (const std::exception&) {
      // Their leases run out; the next pass finds nothing to send again.
    }
  }
  bool matched = false;
  for (const auto& repo : repo_order) {
    auto& group = by_repo[repo];
    try {
      match_repo_group(wh, group);
      matched = true;
    } catch (const std::exception& e) {
      std::vector<std::string> ids;
      for (const auto& c : group)
        ids.push_back(c.pending.event_id);
      postpone(wh, ids, e);
    }
  }
  if (matched) sender_doorbell().ring();
  // (A handover counts what it took from memory: a full batch there means more may wait.)
  return from == MatchFrom::kScan ? claimed.size() : handed.size();
}

}  // namespace hub::notifications

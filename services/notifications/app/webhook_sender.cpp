#include "services/notifications/app/webhook_sender.hpp"

#include <algorithm>
#include <set>

#include "common/db/transaction.hpp"
#include "common/log/log.hpp"
#include "common/util/random.hpp"
#include "common/util/uuid.hpp"
#include "services/notifications/app/hook_access.hpp"
#include "services/notifications/domain/delivery_rules.hpp"
#include "services/notifications/domain/signatures.hpp"
#include "services/notifications/store/notice_store.hpp"
#include "services/notifications/store/webhook_event_store.hpp"
#include "services/notifications/store/webhook_store.hpp"

namespace hub::notifications {
namespace {

constexpr std::size_t kClaimsPerPass = 64;
// Longer than an attempt's deadline: a lease runs out only when its sender died.
constexpr auto kLease = std::chrono::seconds(30);
constexpr auto kRetryAfterFault = std::chrono::seconds(5);

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TimePoint from_ms(std::int64_t ms) {
  return TimePoint(std::chrono::milliseconds(ms));
}

// What the delivery log says of an attempt that did not succeed.
std::string outcome_note(const http::OutboundResult& r) {
  if (r.refused) return "refused: " + r.error;
  if (r.status != 0) return "the receiver answered " + std::to_string(r.status);
  return r.error.empty() ? std::string("no answer") : r.error;
}

// "5 days", "3 hours", "90 seconds": how long a hook failed before it was disabled.
std::string spoken(std::chrono::milliseconds d) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (s >= 86400 && s % 86400 == 0) return std::to_string(s / 86400) + (s == 86400 ? " day" : " days");
  if (s >= 3600 && s % 3600 == 0) return std::to_string(s / 3600) + (s == 3600 ? " hour" : " hours");
  if (s >= 60 && s % 60 == 0) return std::to_string(s / 60) + (s == 60 ? " minute" : " minutes");
  return std::to_string(s) + (s == 1 ? " second" : " seconds");
}

std::string hook_url(const WebhookContext& wh, const HookOwner& owner, const std::string& id) {
  const std::string& base = wh.ctx.settings.public_url;
  return owner.kind == "org" ? base + "/api/organizations/" + owner.name + "/settings/webhooks/" + id
                             : base + "/api/settings/webhooks/" + id;
}

}  // namespace

WebhookSender::WebhookSender(WebhookContext& wh, http::OutboundOptions options)
    : wh_(wh), client_(std::move(options)) {}

WebhookSender::~WebhookSender() = default;

std::size_t WebhookSender::in_flight() const {
  std::lock_guard lock(mutex_);
  return flying_;
}

WebhookSender::PassResult WebhookSender::pass() {
  PassResult result;
  result.recorded = record_finished();
  std::vector<DueDelivery> due = claim();
  if (due.empty()) return result;
  due = within_cap(still_readable(std::move(due)));
  for (auto& d : due)
    start(std::move(d));
  result.started = due.size();
  return result;
}

std::size_t WebhookSender::record_finished() {
  std::vector<Finished> done;
  {
    std::lock_guard lock(mutex_);
    done.swap(finished_);
  }
  for (const auto& f : done)
    --in_flight_[f.flight.delivery.webhook_id];
  std::erase_if(in_flight_, [](const auto& entry) { return entry.second <= 0; });
  if (done.empty()) return 0;
  // All of a pass's attempts in one transaction: one commit however many came back. Should that
  // fail, each on its own, so one attempt that cannot be written holds up no other.
  try {
    record(done);
  } catch (const std::exception&) {
    for (const auto& f : done) {
      try {
        record({f});
      } catch (const std::exception& e) {
        // Not recorded: its lease runs out and it is sent again under the same webhook-id.
        log::warn("webhooks.attempt_unrecorded", {{"delivery", f.flight.delivery.id}, {"why", e.what()}});
      }
    }
  }
  return done.size();
}

WebhookSender::Recorded WebhookSender::record_one(pqxx::work& tx, const Finished& f) {
  const DueDelivery& d = f.flight.delivery;
  const http::OutboundResult& r = f.result;
  Recorded out;
  out.ok = r.status > 0 && delivered(r.status);
  out.next = NextState{"succeeded", std::nullopt, ""};
  if (!out.ok) {
    out.next.note = outcome_note(r);
    out.next.retry_in = retry_delay(wh_.config.webhook_retry_schedule, d.run_attempts + 1);
    out.next.state = out.next.retry_in ? "pending" : "failed";
    if (!out.next.retry_in) out.next.note += "; no retries left (redeliver to try again)";
  }
  AttemptRecord attempt;
  attempt.delivery_id = d.id;
  attempt.started_ms = f.flight.started_ms;
  attempt.duration_ms = r.duration.count();
  attempt.request_headers = f.flight.headers_json;
  if (r.status > 0) attempt.status = r.status;
  attempt.response_head = loggable_text(r.body_head);
  attempt.error = loggable_text(r.error, 512);
  attempt.refused = r.refused;
  attempt.address = r.address;
  out.number = record_attempt(tx, attempt, out.next);
  if (out.number == 0) return out;  // the hook was deleted meanwhile
  if (out.ok) {
    note_hook_success(tx, d.webhook_id);
    return out;
  }
  const FailureStreak streak = note_hook_failure(tx, d.webhook_id);
  if (!should_disable(from_ms(streak.since_ms), from_ms(streak.now_ms), wh_.config.webhook_disable_after)) return out;
  if (!disable_failing_hook(tx, d.webhook_id)) return out;
  out.disabled = true;
  insert_notice(tx, Notice{util::uuid4(), d.webhook_id, d.owner,
                           "Your webhook to " + d.url + " was disabled: its deliveries failed for " +
                               spoken(wh_.config.webhook_disable_after) + ". Enable it again once it answers.",
                           hook_url(wh_, d.owner, d.webhook_id)});
  return out;
}

void WebhookSender::record(const std::vector<Finished>& finished) {
  std::vector<Recorded> recorded;
  db::transact(wh_.ctx.db, [&](pqxx::work& tx) {
    recorded.clear();
    for (const auto& f : finished)
      recorded.push_back(record_one(tx, f));
  });
  for (std::size_t i = 0; i < finished.size(); ++i) {
    const DueDelivery& d = finished[i].flight.delivery;
    const http::OutboundResult& r = finished[i].result;
    log::info("webhooks.attempt", {{"delivery", d.id},
                                   {"webhook", d.webhook_id},
                                   {"attempt", recorded[i].number},
                                   {"status", r.status},
                                   {"state", recorded[i].next.state},
                                   {"error", r.error},
                                   {"duration_ms", static_cast<std::int64_t>(r.duration.count())}});
    if (recorded[i].disabled) log::warn("webhooks.disabled", {{"webhook", d.webhook_id}, {"owner", d.owner.name}});
  }
}

std::vector<DueDelivery> WebhookSender::claim() {
  const auto per_hook = static_cast<std::size_t>(wh_.config.webhook_in_flight_per_hook);
  std::vector<std::string> busy;
  for (const auto& [hook, n] : in_flight_)
    if (static_cast<std::size_t>(n) >= per_hook) busy.push_back(hook);
  auto due = db::transact(
      wh_.ctx.db, [&](pqxx::work& tx) { return claim_due_deliveries(tx, kClaimsPerPass, per_hook, busy, kLease); });
  // A hook with some in flight here takes only its free slots; the rest wait for the next pass.
  std::map<std::string, int> taken;
  std::vector<DueDelivery> kept;
  std::vector<std::string> extra;
  for (auto& d : due) {
    const int free = static_cast<int>(per_hook) - in_flight_[d.webhook_id] - taken[d.webhook_id];
    if (free > 0) {
      ++taken[d.webhook_id];
      kept.push_back(std::move(d));
    } else {
      extra.push_back(d.id);
    }
  }
  if (!extra.empty()) {
    db::transact(wh_.ctx.db, [&](pqxx::work& tx) {
      for (const auto& id : extra)
        release_delivery(tx, id, std::chrono::milliseconds(0), "");
    });
  }
  return kept;
}

std::vector<DueDelivery> WebhookSender::still_readable(std::vector<DueDelivery> due) {
  // Asked once per repo for all of its deliveries in this pass. A ping has no repo; a deletion was
  // decided when it was matched (the repo cannot be asked about any more).
  std::map<std::string, std::vector<std::size_t>> by_repo;
  for (std::size_t i = 0; i < due.size(); ++i) {
    if (due[i].repo_id && due[i].event_type != "repo.deleted") by_repo[*due[i].repo_id].push_back(i);
  }
  std::set<std::size_t> dropped;
  const std::string request_id = util::random_id();
  for (const auto& entry : by_repo) {
    // Named, not structured bindings: lambdas below capture them.
    const std::string& repo_id = entry.first;
    const std::vector<std::size_t>& indexes = entry.second;
    const DueDelivery& first = due[indexes.front()];
    try {
      auto fact = db::read_once(wh_.ctx.db, [&](pqxx::nontransaction& tx) { return find_repo_fact(tx, repo_id); });
      std::vector<HookRef> refs;
      refs.reserve(indexes.size());
      for (auto i : indexes)
        refs.push_back(HookRef{due[i].webhook_id, due[i].owner});
      const RepoReach reach = hooks_reaching(wh_.auth, fact ? fact->repo_type : first.repo_type.value_or("model"),
                                             fact ? fact->name : first.repo_name.value_or(""), refs, request_id);
      db::transact(wh_.ctx.db, [&](pqxx::work& tx) {
        for (auto i : indexes) {
          if (reach.hooks.contains(due[i].webhook_id)) continue;
          withhold_delivery(tx, due[i].id, "withheld: the hook's owner may no longer read this repo");
          dropped.insert(i);
        }
      });
    } catch (const std::exception& e) {
      log::warn("webhooks.access_unknown", {{"repo", repo_id}, {"why", e.what()}});
      try {
        db::transact(wh_.ctx.db, [&](pqxx::work& tx) {
          for (auto i : indexes)
            release_delivery(tx, due[i].id, kRetryAfterFault, "waiting for authorization to answer");
        });
      } catch (const std::exception&) {
        // Their leases run out by themselves.
      }
      dropped.insert(indexes.begin(), indexes.end());
    }
  }
  std::vector<DueDelivery> kept;
  for (std::size_t i = 0; i < due.size(); ++i)
    if (!dropped.contains(i)) kept.push_back(std::move(due[i]));
  return kept;
}

std::vector<DueDelivery> WebhookSender::within_cap(std::vector<DueDelivery> due) {
  // Only a delivery's first attempt counts (retries and redeliveries of it do not). The hooks' rows
  // are locked while their slots are counted, so two senders cannot both take a hook's last one;
  // one transaction for the pass, the rows locked in id order (std::map's) so senders never wait on
  // each other crosswise.
  std::map<std::string, std::vector<std::size_t>> by_hook;
  for (std::size_t i = 0; i < due.size(); ++i)
    if (!due[i].counted) by_hook[due[i].webhook_id].push_back(i);
  if (by_hook.empty()) return due;
  std::set<std::size_t> deferred;
  try {
    db::transact(wh_.ctx.db, [&](pqxx::work& tx) {
      deferred.clear();
      for (const auto& [hook, indexes] : by_hook) {
        const int cap = due[indexes.front()].daily_cap.value_or(wh_.config.webhook_daily_cap);
        lock_hook_row(tx, hook);
        const CapUse use = cap_use(tx, hook, wh_.config.webhook_cap_window, cap);
        int used = use.used;
        std::optional<TimePoint> oldest;
        if (use.oldest_ms) oldest = from_ms(*use.oldest_ms);
        for (auto i : indexes) {
          if (auto at = cap_allows_at(used, oldest, cap, wh_.config.webhook_cap_window, from_ms(now_ms()))) {
            defer_delivery(tx, due[i].id,
                           std::chrono::duration_cast<std::chrono::milliseconds>(at->time_since_epoch()).count());
            deferred.insert(i);
            continue;
          }
          mark_counted(tx, due[i].id, hook, wh_.config.webhook_cap_window);
          ++used;
        }
      }
    });
  } catch (const std::exception& e) {
    log::warn("webhooks.cap_unknown", {{"why", e.what()}});
    for (const auto& [hook, indexes] : by_hook)  // their leases run out; tried again then
      deferred.insert(indexes.begin(), indexes.end());
  }
  std::vector<DueDelivery> kept;
  for (std::size_t i = 0; i < due.size(); ++i)
    if (!deferred.contains(i)) kept.push_back(std::move(due[i]));
  return kept;
}

void WebhookSender::start(DueDelivery d) {
  http::OutboundRequest request;
  request.url = d.url;
  request.method = "POST";
  request.body = d.payload;
  request.deadline = wh_.config.webhook_timeout;
  request.headers.set("Content-Type", "application/json");
  const std::string timestamp = std::to_string(now_ms() / 1000);
  request.headers.set("webhook-id", d.id);
  request.headers.set("webhook-timestamp", timestamp);
  Flight flight;
  flight.started_ms = now_ms();
  if (d.secret_sealed) {
    auto sealed = crypto::sealed_from_text(*d.secret_sealed);
    auto secret = sealed ? wh_.secrets.open(*sealed) : std::nullopt;
    if (!secret) {
      // Nothing is sent unsigned in its place: the attempt fails, and says why.
      flight.headers_json = redacted_headers_json(request.headers);
      flight.delivery = std::move(d);
      http::OutboundResult result;
      result.error = "the hook's secret cannot be opened with the configured keys (HUB_WEBHOOK_SECRET_KEYS)";
      ++in_flight_[flight.delivery.webhook_id];
      std::lock_guard lock(mutex_);
      finished_.push_back(Finished{std::move(flight), std::move(result)});
      return;
    }
    request.headers.set(kSecretHeader, *secret);
    request.headers.set("webhook-signature", standard_webhooks_signature(*secret, d.id, timestamp, request.body));
    request.headers.set("X-Hub-Signature-256", hub_signature_256(*secret, request.body));
  }
  flight.headers_json = redacted_headers_json(request.headers);
  flight.delivery = std::move(d);
  ++in_flight_[flight.delivery.webhook_id];
  {
    std::lock_guard lock(mutex_);
    ++flying_;
  }
  auto shared = std::make_shared<Flight>(std::move(flight));
  client_.send(std::move(request), [this, shared](http::OutboundResult result) {
    {
      std::lock_guard lock(mutex_);
      --flying_;
      finished_.push_back(Finished{std::move(*shared), std::move(result)});
    }
    sender_doorbell().ring();
  });
}

}  // namespace hub::notifications

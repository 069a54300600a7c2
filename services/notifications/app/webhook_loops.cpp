#include "services/notifications/app/webhook_loops.hpp"

#include <atomic>
#include <thread>

#include "common/db/transaction.hpp"
#include "common/log/log.hpp"
#include "common/util/random.hpp"
#include "services/notifications/app/live_signal.hpp"
#include "services/notifications/app/webhook_auth.hpp"
#include "services/notifications/app/webhook_matcher.hpp"
#include "services/notifications/app/webhook_sender.hpp"
#include "services/notifications/store/delivery_store.hpp"
#include "services/notifications/store/inbox_store.hpp"
#include "services/notifications/store/notice_store.hpp"
#include "services/notifications/store/webhook_store.hpp"

namespace hub::notifications {
namespace {

constexpr auto kMatcherIdle = std::chrono::milliseconds(500);
constexpr auto kSenderIdle = std::chrono::milliseconds(100);
constexpr auto kHousekeepingEvery = std::chrono::seconds(1);
constexpr auto kPruneEvery = std::chrono::minutes(1);
constexpr auto kQuietLog = std::chrono::seconds(30);
constexpr std::size_t kNoticesPerPass = 20;

// A loop's failure, logged at most once every kQuietLog so an outage does not flood the log.
class FailureLog {
 public:
  explicit FailureLog(std::string what) : what_(std::move(what)) {}
  void note(const std::exception& e) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < kQuietLog) return;
    last_ = now;
    const auto* api = dynamic_cast<const ApiError*>(&e);
    log::warn(what_, {{"error", e.what()}, {"detail", api != nullptr ? api->detail() : std::string()}});
  }

 private:
  std::string what_;
  std::chrono::steady_clock::time_point last_{};
};

struct Loops {
  std::atomic<bool> stopping{false};
  std::vector<std::thread> threads;

  void stop() {
    stopping = true;
    matcher_doorbell().ring();
    sender_doorbell().ring();
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
};

// Passes over the events handed over in memory as they come, and a scan of the queue table at
// least every kMatcherIdle (and after a failure), for the events no handover names.
void run_matcher(WebhookContext& wh, Loops& loops) {
  FailureLog failures("webhooks.matcher_failed");
  auto last_scan = std::chrono::steady_clock::time_point{};
  bool scan_next = true;
  while (!loops.stopping) {
    const auto now = std::chrono::steady_clock::now();
    const bool scan = scan_next || now - last_scan >= kMatcherIdle;
    if (scan) last_scan = now;
    std::size_t taken = 0;
    try {
      taken = match_pending_events(wh, scan ? MatchFrom::kScan : MatchFrom::kHandover);
      // A full batch from a scan: the table may hold more than one batch.
      scan_next = scan && taken >= kEventsPerMatchPass;
    } catch (const std::exception& e) {
      failures.note(e);
      scan_next = true;
    }
    if (taken < kEventsPerMatchPass) matcher_doorbell().wait(kMatcherIdle);
  }
}

void run_sender(WebhookContext& wh, Loops& loops) {
  FailureLog failures("webhooks.sender_failed");
  http::OutboundOptions options;
  options.allow_private = wh.config.webhook_allow_private;
  WebhookSender sender(wh, options);
  while (!loops.stopping) {
    WebhookSender::PassResult r;
    try {
      r = sender.pass();
    } catch (const std::exception& e) {
      failures.note(e);
    }
    if (r.started == 0 && r.recorded == 0) sender_doorbell().wait(kSenderIdle);
  }
}

void run_housekeeping(WebhookContext& wh, Loops& loops) {
  FailureLog failures("webhooks.housekeeping_failed");
  auto next_prune = std::chrono::steady_clock::now();
  while (!loops.stopping) {
    try {
      deliver_webhook_notices(wh);
      if (std::chrono::steady_clock::now() >= next_prune) {
        prune_webhook_log(wh);
        reseal_webhook_secrets(wh);
        next_prune = std::chrono::steady_clock::now() + kPruneEvery;
      }
    } catch (const std::exception& e) {
      failures.note(e);
    }
    for (auto slept = std::chrono::milliseconds(0); slept < kHousekeepingEvery && !loops.stopping;
         slept += std::chrono::milliseconds(100)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace

std::size_t deliver_webhook_notices(WebhookContext& wh) {
  static LiveSignal live(wh.ctx.settings.redis_url);
  const auto notices =
      db::read_once(wh.ctx.db, [&](pqxx::nontransaction& tx) { return pending_notices(tx, kNoticesPerPass); });
  std::size_t told = 0;
  for (const auto& n : notices) {
    // Whom to tell: the user, or the org's admins as they are now.
    std::vector<std::string> users;
    if (n.owner.kind == "user") {
      users.push_back(n.owner.id);
    } else {
      const auto found = lookup_namespaces(wh.auth, {n.owner.name}, true, util::random_id());
      for (const auto& [key, info] : found)
        if (info.kind == "org") {
          for (const auto& admin : info.admins)
            users.push_back(admin.first);
        }
    }
    std::vector<NewInboxItem> items;
    for (const auto& user : users) {
      NewInboxItem item;
      item.user_id = user;
      item.event_id = n.id;
      item.event_type = "webhook.disabled";
      item.reason = "security";
      item.subject_type = "webhook";
      item.title = n.title;
      item.url = n.url;
      items.push_back(std::move(item));
    }
    const auto inserted = db::transact(wh.ctx.db, [&](pqxx::work& tx) {
      if (!take_notice(tx, n.id)) return std::vector<InsertedItem>{};  // another replica told them
      return insert_inbox_items(tx, items);
    });
    live.announce(inserted);
    told += inserted.size();
  }
  return told;
}

void prune_webhook_log(WebhookContext& wh) {
  const Pruned p = db::transact(wh.ctx.db, [&](pqxx::work& tx) {
    prune_cap_counts(tx, wh.config.webhook_cap_window);
    return prune_delivery_log(tx, wh.config.webhook_log_retention);
  });
  if (p.attempts > 0 || p.deliveries > 0) {
    log::info("webhooks.log_pruned", {{"attempts", p.attempts}, {"deliveries", p.deliveries}});
  }
}

std::size_t reseal_webhook_secrets(WebhookContext& wh) {
  constexpr std::size_t kBatch = 100;
  const std::string& current = wh.secrets.current_key_id();
  std::size_t resealed = 0;
  for (;;) {
    const auto batch = db::read_once(
        wh.ctx.db, [&](pqxx::nontransaction& tx) { return secrets_sealed_elsewhere(tx, current, kBatch); });
    std::size_t unopened = 0;
    const std::size_t before = resealed;
    db::transact(wh.ctx.db, [&](pqxx::work& tx) {
      for (const auto& [id, sealed] : batch) {
        auto parsed = crypto::sealed_from_text(sealed);
        auto secret = parsed ? wh.secrets.open(*parsed) : std::nullopt;
        if (!secret) {
          ++unopened;  // its key is gone from HUB_WEBHOOK_SECRET_KEYS: its deliveries fail, and say so
          continue;
        }
        if (reseal_secret(tx, id, sealed, crypto::to_text(wh.secrets.seal(*secret)))) ++resealed;
      }
    });
    if (unopened > 0) log::warn("webhooks.secrets_unopenable", {{"hooks", unopened}});
    // Done, or no progress (what is left cannot be opened): the next housekeeping pass goes on.
    if (batch.size() < kBatch || resealed == before) break;
  }
  if (resealed > 0) log::info("webhooks.secrets_resealed", {{"hooks", resealed}, {"key", current}});
  return resealed;
}

std::shared_ptr<WebhookContext> start_webhooks(service::Context& ctx, const NotificationsConfig& config) {
  auto wh = std::make_shared<WebhookContext>(ctx, config);
  auto loops = std::make_shared<Loops>();
  loops->threads.emplace_back([wh, loops] { run_matcher(*wh, *loops); });
  loops->threads.emplace_back([wh, loops] { run_sender(*wh, *loops); });
  loops->threads.emplace_back([wh, loops] { run_housekeeping(*wh, *loops); });
  ctx.on_stop.push_back([loops] { loops->stop(); });
  return wh;
}

}  // namespace hub::notifications

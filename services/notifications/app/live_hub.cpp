#include "services/notifications/app/live_hub.hpp"

#include <algorithm>
#include <set>

#include "common/db/transaction.hpp"
#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"
#include "common/service/repo_people.hpp"
#include "common/util/uuid.hpp"
#include "services/notifications/app/inbox_channel.hpp"
#include "services/notifications/domain/live_position.hpp"
#include "services/notifications/store/inbox_store.hpp"
#include "services/notifications/store/live_store.hpp"

namespace hub::notifications {
namespace {

// Items read per catch-up: a client resuming after a long absence gets them a page at a time.
constexpr std::size_t kPage = 200;
constexpr std::size_t kCatchUpThreads = 2;
constexpr std::size_t kCatchUpQueue = 1 << 16;  // coalesced per user: at most one queued per user

metrics::Gauge& users_gauge() {
  static metrics::Gauge& g = metrics::Registry::global().gauge("hub_notifications_live_users",
                                                               "Users with a live stream open on this replica");
  return g;
}

metrics::Counter& catch_ups() {
  static metrics::Counter& c = metrics::Registry::global().counter("hub_notifications_live_catch_ups_total",
                                                                   "Catch-ups of live streams from the database");
  return c;
}

}  // namespace

LiveHub::LiveHub(db::Pool& db, std::shared_ptr<const service::Peer> auth, LiveOptions options)
    : db_(db),
      auth_(std::move(auth)),
      options_(std::move(options)),
      cache_(options_.read_check_ttl),
      workers_(kCatchUpThreads, kCatchUpQueue) {
  // A subscription (re)confirmed may have missed what was published before it: catch that user up.
  channel_ = std::make_unique<InboxChannel>(
      options_.redis_url,
      InboxChannel::Callbacks{[this](const std::string& user_id) { catch_up(user_id); },
                              [this](const std::string& user_id, std::int64_t) { catch_up(user_id); }});
  channel_->start();
  periodic_.start([this] {
    while (periodic_.sleep_for(options_.catch_up_interval))
      catch_up_whoever_is_behind();
  });
}

LiveHub::~LiveHub() {
  periodic_.stop();
  channel_->stop();
  workers_.shutdown();
}

std::int64_t LiveHub::start_position(const std::string& user_id, std::optional<std::int64_t> last_seen) {
  const std::int64_t newest =
      db::read_once(db_, [&](pqxx::nontransaction& tx) { return newest_item_number(tx, user_id); });
  return stream_start(last_seen, newest);
}

void LiveHub::open(const std::string& user_id, const std::shared_ptr<LiveSink>& sink) {
  std::lock_guard lock(mutex_);
  auto& user = users_[user_id];
  std::erase_if(user.sinks, [](const Entry& e) { return e.weak.expired(); });
  if (user.sinks.size() >= options_.streams_per_user) {
    if (user.sinks.empty()) users_.erase(user_id);
    throw ApiError(ErrorCode::kTooManyRequests, "too many live streams open for this user (at most " +
                                                    std::to_string(options_.streams_per_user) +
                                                    " on one server); close one first");
  }
  user.sinks.push_back(Entry{sink.get(), sink});
  if (user.sinks.size() == 1) {
    // Under the lock, so that a close() of the user's last stream cannot overtake it.
    channel_->want(user_id);
    users_gauge().set(static_cast<std::int64_t>(users_.size()));
  }
}

void LiveHub::close(const std::string& user_id, const LiveSink* sink) {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user_id);
  if (it == users_.end()) return;
  std::erase_if(it->second.sinks, [sink](const Entry& e) { return e.sink == sink || e.weak.expired(); });
  if (it->second.sinks.empty()) {
    users_.erase(it);
    channel_->unwant(user_id);
    users_gauge().set(static_cast<std::int64_t>(users_.size()));
  }
}

std::size_t LiveHub::users() const {
  std::lock_guard lock(mutex_);
  return users_.size();
}

void LiveHub::first_catch_up(const std::string& user_id, LiveSink& sink, const std::string& request_id) {
  const Page page = read_page(user_id, sink.position(), true, request_id);
  sink.deliver(page.items, page.covered);
  if (page.more) catch_up(user_id);
}

void LiveHub::catch_up(const std::string& user_id) {
  {
    std::lock_guard lock(mutex_);
    auto it = users_.find(user_id);
    if (it == users_.end()) return;
    if (it->second.queued) {
      it->second.again = true;
      return;
    }
    it->second.queued = true;
  }
  if (!workers_.try_submit([this, user_id] { run_catch_up(user_id); })) {
    // Stopping, or a queue longer than there are users: the periodic catch-up comes back to it.
    std::lock_guard lock(mutex_);
    if (auto it = users_.find(user_id); it != users_.end()) it->second.queued = false;
  }
}

// One user's catch-ups, one at a time (their streams get each item once and in order either way:
// a sink takes only what is above its position), again while more are asked for or more are there.
void LiveHub::run_catch_up(const std::string& user_id) {
  while (true) {
    {
      std::lock_guard lock(mutex_);
      auto it = users_.find(user_id);
      if (it == users_.end()) return;
      it->second.again = false;
    }
    bool more = false;
    try {
      more = catch_up_once(user_id);
      if (failing_.exchange(false)) log::info("live catch-ups work again");
    } catch (const std::exception& e) {
      failed(e);
    }
    std::lock_guard lock(mutex_);
    auto it = users_.find(user_id);
    if (it == users_.end()) return;
    if (!it->second.again && !more) {
      it->second.queued = false;
      return;
    }
  }
}

bool LiveHub::catch_up_once(const std::string& user_id) {
  std::vector<std::shared_ptr<LiveSink>> sinks = sinks_of(user_id);
  std::erase_if(sinks, [](const auto& s) { return !s->has_room(); });
  if (sinks.empty()) return false;
  std::int64_t after = sinks.front()->position();
  for (const auto& s : sinks)
    after = std::min(after, s->position());
  catch_ups().inc();
  const Page page = read_page(user_id, after, false, {});
  for (const auto& s : sinks)
    s->deliver(page.items, page.covered);
  return page.more;
}

std::vector<std::shared_ptr<LiveSink>> LiveHub::sinks_of(const std::string& user_id) {
  std::vector<std::shared_ptr<LiveSink>> out;
  std::lock_guard lock(mutex_);
  auto it = users_.find(user_id);
  if (it == users_.end()) return out;
  for (const auto& e : it->second.sinks) {
    // Kept even when empty: a shared_ptr dropped under the lock could run a sink's destructor,
    // which calls close().
    out.push_back(e.weak.lock());
  }
  std::erase_if(out, [](const auto& s) { return s == nullptr; });
  return out;
}

LiveHub::Page LiveHub::read_page(const std::string& user_id, std::int64_t after, bool fresh_check,
                                 const std::string& request_id) {
  std::int64_t newest = 0;
  std::vector<InboxItem> items = db::read_once(db_, [&](pqxx::nontransaction& tx) {
    // The newest number first: every item numbered up to it has committed, so once the items after
    // `after` are read, nothing up to it can still appear.
    newest = newest_item_number(tx, user_id);
    return inbox_items_after(tx, user_id, after, kPage);
  });
  Page page;
  page.more = items.size() == kPage;
  page.covered = page.more ? items.back().seq : std::max(after, newest);
  if (!items.empty()) page.covered = std::max(page.covered, items.back().seq);
  page.items = readable_only(user_id, std::move(items), fresh_check, request_id);
  return page;
}

std::vector<InboxItem> LiveHub::readable_only(const std::string& user_id, std::vector<InboxItem> items,
                                              bool fresh_check, const std::string& request_id) {
  std::set<std::string> repos;
  std::map<std::string, bool> readable;
  for (const auto& item : items) {
    if (!item.repo_id) continue;
    // Auth knows repos by UUID and refuses a question with anything else in it: an item with another
    // id is of no repo anyone can be shown.
    if (util::is_uuid(*item.repo_id)) {
      repos.insert(*item.repo_id);
    } else {
      readable[*item.repo_id] = false;
    }
  }
  if (repos.empty() && readable.empty()) return items;
  std::vector<std::string> ask;
  const auto now = ReadableCache::Clock::now();
  {
    std::lock_guard lock(cache_mutex_);
    for (const auto& repo : repos) {
      const auto known = fresh_check ? std::nullopt : cache_.get(user_id, repo, now);
      if (known) {
        readable[repo] = *known;
      } else {
        ask.push_back(repo);
      }
    }
  }
  if (!ask.empty()) {
    const auto yes = service::readable_repos(*auth_, user_id, ask, request_id);
    const std::set<std::string> allowed(yes.begin(), yes.end());
    std::lock_guard lock(cache_mutex_);
    for (const auto& repo : ask) {
      readable[repo] = allowed.contains(repo);
      cache_.put(user_id, repo, readable[repo], now);
    }
  }
  std::erase_if(items, [&](const InboxItem& item) { return item.repo_id && !readable[*item.repo_id]; });
  return items;
}

// What a lost signal left behind: one query for every user with a stream here, and a catch-up for
// those whose newest item is past what one of their streams has covered.
void LiveHub::catch_up_whoever_is_behind() {
  std::vector<std::pair<std::string, std::vector<std::shared_ptr<LiveSink>>>> streams;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [user_id, user] : users_) {
      std::vector<std::shared_ptr<LiveSink>> sinks;
      for (const auto& e : user.sinks)
        sinks.push_back(e.weak.lock());
      streams.emplace_back(user_id, std::move(sinks));
    }
  }
  {
    std::lock_guard lock(cache_mutex_);
    cache_.sweep(ReadableCache::Clock::now());
  }
  if (streams.empty()) return;
  std::vector<std::string> ids;
  for (const auto& [user_id, sinks] : streams)
    ids.push_back(user_id);
  try {
    const auto newest = db::read_once(db_, [&](pqxx::nontransaction& tx) { return newest_item_numbers(tx, ids); });
    for (const auto& [user_id, sinks] : streams) {
      const auto it = newest.find(user_id);
      if (it == newest.end()) continue;
      const bool behind = std::any_of(sinks.begin(), sinks.end(), [&](const auto& s) {
        return s != nullptr && s->has_room() && s->position() < it->second;
      });
      if (behind) catch_up(user_id);
    }
  } catch (const std::exception& e) {
    failed(e);
  }
}

void LiveHub::failed(const std::exception& e) {
  if (!failing_.exchange(true)) {
    log::warn("live catch-up failed; streams get their items once it works again", {{"error", e.what()}});
  }
}

}  // namespace hub::notifications

#include "services/notifications/api/live_feed.hpp"

#include <algorithm>

#include "common/json/json.hpp"
#include "services/notifications/api/item_json.hpp"
#include "services/notifications/domain/sse_event.hpp"

namespace hub::notifications {
namespace {

// Messages a stream holds for a client that reads slowly; past them it stops taking items (they
// stay in the database) until it has sent these.
constexpr std::size_t kMaxQueued = 500;
// How long a browser waits before it reconnects once a stream ended (a drain, a restart).
constexpr std::chrono::milliseconds kReconnectDelay{2000};

}  // namespace

StreamFeed::StreamFeed(Format format, std::string user_id, std::int64_t start, std::weak_ptr<LiveHub> hub,
                       std::chrono::milliseconds heartbeat)
    : format_(format), user_id_(std::move(user_id)), hub_(std::move(hub)), heartbeat_(heartbeat), position_(start) {
  queue_.push_back(ready(start));
}

StreamFeed::~StreamFeed() {
  bool closed = false;
  {
    std::lock_guard lock(mutex_);
    closed = closed_;
  }
  // A stream dropped before any session served it (a failed first catch-up) is forgotten here.
  if (!closed) {
    if (auto hub = hub_.lock()) hub->close(user_id_, this);
  }
}

std::int64_t StreamFeed::position() const {
  std::lock_guard lock(mutex_);
  return position_;
}

bool StreamFeed::has_room() const {
  std::lock_guard lock(mutex_);
  return !closed_ && queue_.size() < kMaxQueued;
}

void StreamFeed::deliver(const std::vector<InboxItem>& items, std::int64_t covered) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  bool took_all = true;
  bool added = false;
  for (const auto& item : items) {
    if (item.seq <= position_) continue;  // sent already: each item once, in order
    if (queue_.size() >= kMaxQueued) {
      took_all = false;
      behind_ = true;
      break;
    }
    queue_.push_back(render(item));
    position_ = item.seq;
    added = true;
  }
  if (took_all) position_ = std::max(position_, covered);
  if (added && wake_) wake_();
}

void StreamFeed::attach(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

http::LiveFeed::Taken StreamFeed::take() {
  Taken taken;
  bool ask_for_more = false;
  {
    std::lock_guard lock(mutex_);
    taken.messages.swap(queue_);
    ask_for_more = behind_;
    behind_ = false;
  }
  if (ask_for_more) {
    if (auto hub = hub_.lock()) hub->catch_up(user_id_);
  }
  return taken;
}

void StreamFeed::on_closed() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    wake_ = nullptr;
    queue_.clear();
  }
  if (auto hub = hub_.lock()) hub->close(user_id_, this);
}

std::string StreamFeed::render(const InboxItem& item) const {
  const std::string id = std::to_string(item.seq);
  if (format_ == Format::kSse) return sse_event(id, "notification", item_json(item));
  json::Writer w;
  w.begin_object().field("type", "notification").field("id", id).key("item");
  write_item(w, item);
  w.end_object();
  return w.str();
}

std::string StreamFeed::ready(std::int64_t start) const {
  const std::string id = std::to_string(start);
  json::Writer w;
  if (format_ == Format::kSse) {
    w.begin_object().field("lastEventId", id).end_object();
    return sse_retry(kReconnectDelay) + sse_event(id, "ready", w.str());
  }
  w.begin_object().field("type", "ready").field("lastEventId", id).end_object();
  return w.str();
}

}  // namespace hub::notifications

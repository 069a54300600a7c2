#pragma once
// One open live stream: what the hub delivers to it (app/live_hub.hpp) is rendered on the hub's
// thread, as a server-sent event or a WebSocket message, queued, and taken by the HTTP session on its
// I/O thread (http::LiveFeed). It opens with a `ready` message carrying the position it starts from,
// so that a client that saw no item yet still has an id to resume from.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/http/message.hpp"
#include "services/notifications/app/live_hub.hpp"

namespace hub::notifications {

class StreamFeed final : public http::LiveFeed, public LiveSink {
 public:
  enum class Format { kSse, kWebSocket };

  StreamFeed(Format format, std::string user_id, std::int64_t start, std::weak_ptr<LiveHub> hub,
             std::chrono::milliseconds heartbeat);
  ~StreamFeed() override;
  StreamFeed(const StreamFeed&) = delete;
  StreamFeed& operator=(const StreamFeed&) = delete;

  // LiveSink: the hub's threads.
  std::int64_t position() const override;
  bool has_room() const override;
  void deliver(const std::vector<InboxItem>& items, std::int64_t covered) override;

  // http::LiveFeed: the session's I/O thread.
  void attach(std::function<void()> wake) override;
  Taken take() override;
  std::chrono::milliseconds heartbeat_interval() const override { return heartbeat_; }
  void on_closed() override;

 private:
  std::string render(const InboxItem& item) const;
  std::string ready(std::int64_t start) const;

  const Format format_;
  const std::string user_id_;
  const std::weak_ptr<LiveHub> hub_;  // weak: the last reference to the hub is never a stream's
  const std::chrono::milliseconds heartbeat_;
  mutable std::mutex mutex_;
  std::vector<std::string> queue_;
  std::int64_t position_;
  bool behind_ = false;  // refused items for want of room: asks for them once it has sent what it holds
  bool closed_ = false;
  std::function<void()> wake_;
};

}  // namespace hub::notifications

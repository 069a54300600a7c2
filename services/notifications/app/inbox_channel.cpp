#include "services/notifications/app/inbox_channel.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"
#include "common/redis/keys.hpp"
#include "common/redis/redis.hpp"
#include "common/util/strings.hpp"

namespace hub::notifications {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kConnectTimeout{2000};
constexpr std::chrono::milliseconds kRetryPause{500};
// A PING after this long without a word from Redis, and the connection counts as dead when that
// long again passes without any answer (a Redis host gone leaves a socket that never errs).
constexpr std::chrono::seconds kQuiet{5};
constexpr std::size_t kChannelsPerCommand = 500;

metrics::Gauge& up_gauge() {
  static metrics::Gauge& g = metrics::Registry::global().gauge(
      "hub_notifications_live_channel_up", "1 while the replica is subscribed to the inbox channels in Redis");
  return g;
}

std::string channel_of(const std::string& user_id) {
  return std::string(redis::keys::kInboxChannelPrefix) + user_id;
}

// Sends `verb` for these channels, a few hundred per command.
void send_for(redis::Connection& conn, const char* verb, const std::vector<std::string>& channels) {
  for (std::size_t start = 0; start < channels.size(); start += kChannelsPerCommand) {
    std::vector<std::string> args{verb};
    for (std::size_t i = start; i < std::min(channels.size(), start + kChannelsPerCommand); ++i)
      args.push_back(channels[i]);
    conn.send(args);
  }
}

}  // namespace

InboxChannel::InboxChannel(std::string redis_url, Callbacks callbacks)
    : url_(std::move(redis_url)), callbacks_(std::move(callbacks)) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw std::runtime_error("eventfd failed");
}

InboxChannel::~InboxChannel() {
  stop();
  ::close(wake_fd_);
}

void InboxChannel::start() {
  loop_.start([this] {
    bool warned = false;
    while (!loop_.stopping()) {
      try {
        listen_once();
        warned = false;
      } catch (const std::exception& e) {
        if (!warned) {
          log::warn("inbox channel lost; live streams fall back to their periodic catch-up until it is back",
                    {{"error", e.what()}});
        }
        warned = true;
      }
      up_ = false;
      up_gauge().set(0);
      if (!loop_.sleep_for(kRetryPause)) return;
    }
  });
}

void InboxChannel::stop() {
  loop_.stop();
}

void InboxChannel::want(const std::string& user_id) {
  {
    std::lock_guard lock(mutex_);
    wanted_.insert(user_id);
  }
  wake();
}

void InboxChannel::unwant(const std::string& user_id) {
  {
    std::lock_guard lock(mutex_);
    wanted_.erase(user_id);
  }
  wake();
}

void InboxChannel::wake() {
  const std::uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

void InboxChannel::listen_once() {
  auto url = redis::parse_url(url_);
  if (!url) throw std::runtime_error(url.error());
  auto conn = redis::Connection::open(url.value(), kConnectTimeout);
  std::set<std::string> subscribed;  // what this connection was asked to listen to
  up_ = true;
  up_gauge().set(1);
  log::info("inbox channel connected");
  auto heard = Clock::now();
  bool pinged = false;
  while (!loop_.stopping()) {
    sync(*conn, subscribed);
    auto reply = conn->wait_reply(std::chrono::milliseconds(1000), wake_fd_);
    if (!reply) {
      std::uint64_t drained = 0;
      (void)!::read(wake_fd_, &drained, sizeof drained);
      const auto quiet = Clock::now() - heard;
      if (pinged && quiet > 2 * kQuiet) throw std::runtime_error("Redis stopped answering");
      if (!pinged && quiet > kQuiet) {
        conn->send({"PING"});
        pinged = true;
      }
      continue;
    }
    heard = Clock::now();
    pinged = false;
    // ["message", channel, payload] and ["subscribe", channel, count]; a PING's answer is ignored.
    if (!reply->is_array() || reply->size() != 3) continue;
    const std::string_view kind = redis::element_str(reply->element(0));
    const std::string_view channel = redis::element_str(reply->element(1));
    if (!channel.starts_with(redis::keys::kInboxChannelPrefix)) continue;
    const std::string user_id(channel.substr(redis::keys::kInboxChannelPrefix.size()));
    if (kind == "message") {
      const auto newest = util::parse_int(redis::element_str(reply->element(2)));
      callbacks_.published(user_id, newest.value_or(0));
    } else if (kind == "subscribe") {
      callbacks_.subscribed(user_id);
    }
  }
}

void InboxChannel::sync(redis::Connection& conn, std::set<std::string>& subscribed) {
  std::vector<std::string> add, drop;
  {
    std::lock_guard lock(mutex_);
    for (const auto& user : wanted_) {
      if (!subscribed.contains(user)) add.push_back(channel_of(user));
    }
    for (const auto& user : subscribed) {
      if (!wanted_.contains(user)) drop.push_back(channel_of(user));
    }
    for (const auto& user : wanted_)
      subscribed.insert(user);
    std::erase_if(subscribed, [this](const std::string& user) { return !wanted_.contains(user); });
  }
  send_for(conn, "SUBSCRIBE", add);
  send_for(conn, "UNSUBSCRIBE", drop);
}

}  // namespace hub::notifications

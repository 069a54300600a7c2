#include "services/notifications/app/webhook_context.hpp"

#include <iterator>
#include <utility>

#include "common/util/strings.hpp"
#include "services/notifications/app/webhook_auth.hpp"

namespace hub::notifications {
namespace {

constexpr auto kNamespaceIdLifetime = std::chrono::minutes(5);

}  // namespace

void Doorbell::ring() {
  {
    std::lock_guard lock(mutex_);
    rung_ = true;
  }
  cv_.notify_all();
}

bool Doorbell::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const bool rung = cv_.wait_for(lock, timeout, [this] { return rung_; });
  rung_ = false;
  return rung;
}

Doorbell& matcher_doorbell() {
  static Doorbell bell;
  return bell;
}

Doorbell& sender_doorbell() {
  static Doorbell bell;
  return bell;
}

void Handover::add(std::string id) {
  std::lock_guard lock(mutex_);
  if (ids_.size() < kMaxIds) ids_.push_back(std::move(id));
}

std::vector<std::string> Handover::take(std::size_t max) {
  std::lock_guard lock(mutex_);
  if (ids_.size() <= max) return std::exchange(ids_, {});
  std::vector<std::string> out(std::make_move_iterator(ids_.begin()),
                               std::make_move_iterator(ids_.begin() + static_cast<std::ptrdiff_t>(max)));
  ids_.erase(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(max));
  return out;
}

Handover& matcher_handover() {
  static Handover handover;
  return handover;
}

std::map<std::string, std::string> NamespaceIds::ids(const service::Peer& auth, const std::vector<std::string>& names,
                                                     const std::string& request_id) {
  std::map<std::string, std::string> out;
  std::vector<std::string> missing;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    for (const auto& name : names) {
      const std::string key = util::to_lower(name);
      auto it = cache_.find(key);
      if (it != cache_.end() && it->second.until > now) {
        out[key] = it->second.id;
      } else {
        missing.push_back(key);
      }
    }
  }
  if (missing.empty()) return out;
  const auto found = lookup_namespaces(auth, missing, false, request_id);
  std::lock_guard lock(mutex_);
  for (const auto& [key, info] : found) {
    out[key] = info.id;
    cache_[key] = Entry{info.id, now + kNamespaceIdLifetime};
  }
  return out;
}

WebhookContext::WebhookContext(service::Context& service_ctx, NotificationsConfig cfg)
    : ctx(service_ctx),
      config(std::move(cfg)),
      auth("notifications", "auth", config.auth_addresses, service_ctx.signer),
      secrets(config.webhook_secret_keys) {}

}  // namespace hub::notifications

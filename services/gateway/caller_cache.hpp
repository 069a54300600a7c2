#pragma once
// What auth said about a credential on a scope, remembered for a few seconds so that most requests
// never wait for auth. Keyed by the secret's SHA-256 (and the scope), so the cache holds no secrets;
// kept honest by auth's invalidation feed (invalidation_listener.hpp), and off while that is down.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/access/identity.hpp"
#include "common/access/org_policy.hpp"

namespace hub::gateway {

// What auth said about a credential (or none) on one scope.
struct Caller {
  bool valid = false;
  access::Identity identity;  // user, name and token when authenticated; repo and role on a repo scope
  access::Credential credential;
  bool member = false;                              // of the org that owns the scope
  std::shared_ptr<const access::OrgPolicy> policy;  // that org's, when it restricts its members
};

struct CallerCacheConfig {
  std::chrono::milliseconds ttl{2000};  // HUB_AUTH_CACHE_TTL: invalidations end an entry sooner
  std::size_t max_entries = 100000;     // a full cache starts over rather than grow
};

// Caller by secret digest and scope, each entry for at most the ttl. Safe between threads.
class CallerCache {
 public:
  explicit CallerCache(CallerCacheConfig config) : config_(config) {}
  std::optional<Caller> get(const std::string& digest);
  // As get(); past half its lifetime an entry is still served, and the first caller to see it so
  // is told to refresh it (`refresh` true), others meanwhile use it as it is. So under steady
  // traffic one request in a lifetime asks auth, instead of every request in flight at expiry.
  std::optional<Caller> get(const std::string& digest, bool& refresh);
  // Changes whenever entries are forgotten (clear, forget_user, off): an answer asked for before
  // that may predate a revocation, so put() drops it when given the generation seen before asking.
  std::uint64_t generation();
  void put(const std::string& digest, const Caller& caller, std::optional<std::uint64_t> asked_at = std::nullopt);
  // A refresh failed: the entry stays as it is until it expires, and another caller may retry.
  void refresh_failed(const std::string& digest);
  // Forgets everything: a revocation or role change, or a lost invalidation feed.
  void clear();
  // Forgets what was decided for one user.
  void forget_user(std::string_view user_id);
  // Off: nothing is kept or found (while the invalidation feed is down). Starts off.
  void set_enabled(bool on);

 private:
  struct Entry {
    Caller caller;
    std::chrono::steady_clock::time_point expires;
    std::chrono::steady_clock::time_point refresh_after;
    bool refreshing = false;
  };
  CallerCacheConfig config_;
  std::mutex mutex_;
  bool enabled_ = false;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace hub::gateway

#pragma once
// Who the caller is. The secret comes from `Authorization: Bearer hf_…`, or for git and git-lfs
// from the password of basic auth (never an account password: auth knows only tokens there). Auth
// resolves it (POST /internal/introspect, asked from the I/O thread without blocking it); the
// answer, good or bad, is cached for a few seconds under the secret's SHA-256, so the cache holds
// no secrets, and refreshed in the background once past half its life.
// Without credentials a request goes on anonymous; with bad ones it ends here with the Hub's 401.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/access/identity.hpp"
#include "common/access/org_policy.hpp"
#include "common/http/client.hpp"
#include "common/http/upstream.hpp"
#include "common/work/worker_pool.hpp"
#include "services/gateway/filters.hpp"

namespace hub::gateway {

// What auth said about a credential (or none) on one scope.
struct Caller {
  bool valid = false;
  access::Identity identity;  // user, name and token when authenticated; repo and role on a repo scope
  access::Credential credential;
  bool member = false;                              // of the org that owns the scope
  std::shared_ptr<const access::OrgPolicy> policy;  // that org's, when it restricts its members
};

// Caller by secret digest and scope, each entry for at most `ttl`. Safe between threads.
class CallerCache {
 public:
  explicit CallerCache(std::chrono::milliseconds ttl, std::size_t max_entries = 100000)
      : ttl_(ttl), max_entries_(max_entries) {}
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
  std::chrono::milliseconds ttl_;
  std::size_t max_entries_;
  std::mutex mutex_;
  bool enabled_ = false;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

// The secret a request presents: nullopt without an Authorization header; an empty string for
// credentials in a form we do not take (answered 401).
std::optional<std::string> presented_secret(const http::Request& request);

// What auth's answer to an introspection says: a caller (not valid after a 401), or nullopt when
// auth could not say (logged). Throws ApiError(kBadGateway) on an answer missing its fields.
std::optional<Caller> caller_from(const http::ClientResponse& answer, bool authenticated,
                                  const std::string& request_id);

// The repo or org a request is about, as auth's introspection takes it; nullopt for neither.
struct Scope {
  std::string type;  // model, dataset, space; empty for an org
  std::string owner;
  std::string name;
  std::string key() const;  // for the cache: case-folded, as names are
};
std::optional<Scope> scope_of(const http::Request& request);

// Who the caller is, and on a repo or org path what they may do there: a repo they may not see ends
// here (401 without credentials, 404 with, RepoNotFound either way), and a member of an org acting
// against its policy gets 403. The role travels on in the signed identity for services to check.
class AuthenticateFilter : public Filter {
 public:
  AuthenticateFilter(std::shared_ptr<http::Upstream> auth, std::shared_ptr<const access::Signer> signer,
                     std::shared_ptr<CallerCache> cache);
  std::optional<http::Action> on_request(http::Request& request) override;
  // A change made through auth (logout, a revocation, a role) is forgotten here before its answer
  // leaves, so this caller's next request never meets the old decision; other replicas hear of it
  // from auth's invalidation feed a moment later.
  void on_response(const http::Request& request, http::Headers& headers, int status) override;

 private:
  // POST /internal/introspect about `secret` (none: anonymous) on `scope`, signed as the gateway.
  http::ClientRequest introspection_request(const std::optional<std::string>& secret, const std::optional<Scope>& scope,
                                            const std::string& request_id) const;
  // Blocking (the background refresh): asks auth. Throws ApiError(kUnavailable) when auth cannot answer.
  Caller introspect(const std::optional<std::string>& secret, const std::optional<Scope>& scope,
                    const std::string& request_id);
  // An entry past half its life is refreshed off the request path: the request that noticed goes
  // on with the answer still in date, and never waits for auth.
  void refresh_in_background(const std::string& key, const std::optional<std::string>& secret,
                             const std::optional<Scope>& scope, const std::string& request_id);

  std::shared_ptr<http::Upstream> auth_;
  std::shared_ptr<const access::Signer> signer_;
  std::shared_ptr<CallerCache> cache_;
  std::vector<std::unique_ptr<http::Client>> clients_;  // one per auth address
  work::WorkerPool refresher_{1, 1024};                 // last: stops before what its jobs use
};

}  // namespace hub::gateway

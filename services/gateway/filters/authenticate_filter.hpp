#pragma once
// Who the caller is. The secret comes from `Authorization: Bearer hf_…`, or for git and git-lfs
// from the password of basic auth (never an account password: auth knows only tokens there). Auth
// resolves it (POST /internal/introspect, asked from the I/O thread without blocking it, over that
// thread's pooled connections to auth); the answer, good or bad, is cached for a few seconds
// (caller_cache.hpp) and refreshed the same way in the background once past half its life.
// Without credentials a request goes on anonymous; with bad ones it ends here with the Hub's 401.
#include <memory>
#include <optional>
#include <string>

#include "common/access/identity.hpp"
#include "common/http/action.hpp"
#include "common/http/client.hpp"
#include "common/http/upstream.hpp"
#include "services/gateway/caller_cache.hpp"
#include "services/gateway/filter_chain.hpp"

namespace hub::gateway {

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
  http::Action on_request(http::Request& request) override;
  // A change made through auth (logout, a revocation, a role), or a repo created, moved, deleted or
  // made private or public through repos, is forgotten here before its answer leaves, so this
  // caller's next request never meets the old decision; other replicas hear of it from auth's
  // invalidation feed a moment later.
  void on_response(const http::Request& request, http::Headers& headers, int status) override;

 private:
  // POST /internal/introspect about `secret` (none: anonymous) on `scope`, signed as the gateway:
  // the one question both a cache miss and a background refresh put to auth.
  http::PeerCall introspection(const std::optional<std::string>& secret, const std::optional<Scope>& scope,
                               const std::string& request_id) const;
  // An entry past half its life is refreshed off the request path, asked from this I/O thread with
  // no request waiting: the request that noticed goes on with the answer still in date.
  void refresh_in_background(const std::string& key, const std::optional<std::string>& secret,
                             const std::optional<Scope>& scope, const std::string& request_id);

  std::shared_ptr<http::Upstream> auth_;
  std::shared_ptr<const access::Signer> signer_;
  std::shared_ptr<CallerCache> cache_;
};

}  // namespace hub::gateway

#pragma once
// Who a request is for, as the gateway vouches to the services, and who is calling when one service
// calls another. Both travel as signed headers: HMAC-SHA256 under a key derived for that one purpose
// from HUB_INTERNAL_SECRET, named by a key id so the secret can rotate (the current and the previous
// secret are accepted), bound to the request's method, target and request id (so a header cannot be
// replayed to another path) and to a timestamp (±30 s).
//
//   X-Hub-Identity: v1;kid=…;ts=…;user=…;name=…;token=…;repo=…;role=…;addr=…;dw=…;sig=…
//   X-Hub-Service:  v1;kid=…;ts=…;service=…;sig=…
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/access/role.hpp"
#include "common/crypto/sha256.hpp"
#include "common/util/result.hpp"

namespace hub::access {

inline constexpr std::string_view kIdentityHeader = "X-Hub-Identity";
inline constexpr std::string_view kServiceHeader = "X-Hub-Service";

struct Identity {
  std::string user_id;  // empty: anonymous
  std::string user_name;
  std::string token_id;
  std::string repo_id;      // the repo the role is about, when the route is about one
  Role role = Role::kNone;  // on repo_id
  std::string client_address;
  // May open threads and comment on repo_id: a reader whose credential allows writing to
  // discussions (a session, a write token, a fine-grained token with discussion.write there).
  bool discussion_write = false;

  bool anonymous() const { return user_id.empty(); }
};

// What a signature is bound to besides the identity itself.
struct Binding {
  std::string_view method;
  std::string_view target;
  std::string_view request_id;
  std::int64_t now = 0;  // unix seconds
};

class Signer {
 public:
  static constexpr std::int64_t kSkewSeconds = 30;

  // `previous` may be empty; when set, signatures made with it are still accepted.
  explicit Signer(std::string_view secret, std::string_view previous = {});

  std::string sign_identity(const Identity& identity, const Binding& binding) const;
  Result<Identity> verify_identity(std::string_view header, const Binding& binding) const;

  std::string sign_service(std::string_view service, const Binding& binding) const;
  Result<std::string> verify_service(std::string_view header, const Binding& binding) const;

  const std::string& key_id() const { return keys_.front().kid; }

 private:
  struct Key {
    std::string kid;
    crypto::HmacKey identity_key;
    crypto::HmacKey service_key;
  };
  const Key* find(std::string_view kid) const;
  std::vector<Key> keys_;  // current first
};

std::int64_t unix_now();

// The caller of a request that writes to a repo's threads, pull-request reviews or bug reports (the
// gateway already refused whoever may not read the repo): 401 for an anonymous caller, 404 for one
// without a role on the repo, 403 for a credential that may not write to discussions there.
const Identity& require_discussion_writer(const Identity* who);

}  // namespace hub::access

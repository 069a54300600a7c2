#pragma once
// An org's security policy (README.md, "API reference": `settings/security`): which networks its members may act from,
// which tokens they may use, and what new repos default to. Auth stores and validates it; the
// gateway receives it with each decision about the org's resources and enforces it there.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json/json.hpp"
#include "common/net/address.hpp"
#include "common/util/result.hpp"

namespace hub::access {

struct OrgPolicy {
  std::vector<net::Cidr> ip_allowlist;  // empty: any address
  bool require_fine_grained_tokens = false;
  std::optional<std::int64_t> max_token_lifetime_days;  // unset: no limit
  std::string default_repo_visibility = "public";       // or "private"

  bool restricts_access() const {
    return !ip_allowlist.empty() || require_fine_grained_tokens || max_token_lifetime_days.has_value();
  }
};

inline constexpr std::size_t kMaxAllowlistEntries = 200;

// `current` with the fields present in `body` changed (a missing field keeps its value; null clears
// the token lifetime). A message the client can act on when a field is invalid.
Result<OrgPolicy> apply_policy_update(OrgPolicy current, const json::Value& body);
void write_policy(json::Writer& w, const OrgPolicy& policy);

// The credential a request presents, as far as the policy cares.
struct Credential {
  bool session = false;                          // a login session: the token rules do not apply
  std::string token_role;                        // read, write, fineGrained
  std::optional<std::int64_t> lifetime_seconds;  // expiry minus creation; unset: never expires
};

// Why the policy refuses a member acting with `credential` from `client`, or nullopt when it allows.
std::optional<std::string> policy_refusal(const OrgPolicy& policy, const Credential& credential,
                                          std::string_view client);

}  // namespace hub::access

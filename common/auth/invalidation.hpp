#pragma once
// The live signal that cached authorization decisions are stale: auth publishes on this Redis
// channel after committing a revocation (and, with orgs, a role, membership, group or visibility
// change); every gateway replica drops its cache of callers when a message arrives, and whenever its
// subscription is lost or re-established, since it may have missed one meanwhile.
#include <string_view>

namespace hub::auth {

inline constexpr std::string_view kInvalidationChannel = "hub:auth:invalidate";
// A message "user:<id>" makes stale only what was decided for that user (a revoked token, a
// logout); any other message, everything.
inline constexpr std::string_view kUserPrefix = "user:";

}  // namespace hub::auth

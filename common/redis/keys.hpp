#pragma once
// Every name the hub uses in Redis, in one place, so two services never disagree on a spelling and
// a newcomer sees at a glance what lives there. Keys built per caller end in ':' and take a suffix.
#include <string_view>

namespace hub::redis::keys {

// The durable stream of domain events (overridable by HUB_EVENTS_STREAM, for tests that share a Redis).
inline constexpr std::string_view kEventsStream = "events";

// Pub/sub: auth publishes after committing a revocation or a role, membership, group or visibility
// change; every gateway replica drops its cache of callers when a message arrives, and whenever its
// subscription is lost or re-established, since it may have missed one meanwhile.
inline constexpr std::string_view kAuthInvalidationChannel = "hub:auth:invalidate";
// A message "user:<id>" makes stale only what was decided for that user (a revoked token, a
// logout); any other message, everything.
inline constexpr std::string_view kInvalidateUserPrefix = "user:";

// Pub/sub: notifications publishes the number of a user's new inbox item on `<prefix><user id>`
// after committing it; each replica holding a live stream of that user is subscribed to the
// channel, and reads the items from the database (a lost message only delays an item to the next
// heartbeat's catch-up).
inline constexpr std::string_view kInboxChannelPrefix = "hub:inbox:";

// Counters with a time window: `<prefix><who>:<window index>`.
inline constexpr std::string_view kRateLimitPrefix = "hub:ratelimit:";          // gateway, per caller and class
inline constexpr std::string_view kRefusalPrefix = "hub:refused:";              // gateway, per client address
inline constexpr std::string_view kLoginFailurePrefix = "hub:login-failures:";  // auth, per account and address

}  // namespace hub::redis::keys

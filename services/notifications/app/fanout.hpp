#pragma once
// The fan-out (docs/inbox.md, "From events to items"): pending notices become inbox items. A loop on
// a thread of its own, woken right after the consumer commits a notice and every `interval` anyway,
// claims due notices (several replicas share the work: FOR UPDATE SKIP LOCKED, then a lease), asks
// auth once per repo and pass who may read the repo now, and inserts the items and deletes the
// notices in one transaction; the live streams hear of the items after that commit. Auth or the
// database away: the notices wait and are tried again with backoff; nothing is lost, and a replay is
// harmless (one item per user and event).
#include <chrono>
#include <cstddef>
#include <memory>

#include "common/service/peer.hpp"
#include "common/service/service.hpp"
#include "services/notifications/app/live_signal.hpp"

namespace hub::notifications {

struct FanoutOptions {
  std::chrono::milliseconds interval{1000};  // a pass at least this often, woken or not
  std::chrono::milliseconds lease{30000};    // a claimed notice's: another replica retries it after
  std::size_t batch = 100;                   // notices claimed per pass
  std::chrono::milliseconds max_backoff{60000};
};

// One pass: how many notices it claimed.
std::size_t fan_out_pending(service::Context& ctx, const service::Peer& auth, LiveSignal& live,
                            const FanoutOptions& options);

// Starts the loop (once per process).
void start_fanout(service::Context& ctx, std::shared_ptr<const service::Peer> auth, std::shared_ptr<LiveSignal> live,
                  FanoutOptions options);
// Asks for a pass now (after a commit that wrote notices). Never throws.
void wake_fanout();

}  // namespace hub::notifications

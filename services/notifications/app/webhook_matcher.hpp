#pragma once
// Pending events into deliveries: for each event the consumer kept (app/webhook_intake.hpp), the
// enabled hooks that watch its repo or namespace and want its scope, those whose owner may receive
// it now (asked of auth: app/hook_access.hpp), and for each a delivery with a fresh id and the
// payload built for it. The deliveries and the removal of the pending event commit together, and a
// hook has at most one delivery per event (UNIQUE (webhook_id, event_id)), so a crash or a replay
// neither loses nor doubles one. Events are claimed with a lease (SKIP LOCKED): replicas share them.
#include <cstddef>

#include "services/notifications/app/webhook_context.hpp"

namespace hub::notifications {

// Where a pass takes its events from.
enum class MatchFrom {
  kHandover,  // the ids this process's consumer handed over (matcher_handover()), claimed by key
  kScan,      // the oldest pending events no matcher holds, whoever recorded them
};

// One pass over up to a batch of pending events; how many it took (a full batch: call again).
std::size_t match_pending_events(WebhookContext& wh, MatchFrom from);

inline constexpr std::size_t kEventsPerMatchPass = 50;

}  // namespace hub::notifications

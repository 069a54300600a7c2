#pragma once
// Where a live stream resumes: the number of the last inbox item the client saw (SSE's
// Last-Event-ID header, or ?lastEventId=), and where its stream starts from it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/util/result.hpp"

namespace hub::notifications {

// A non-negative decimal item number; anything else is refused with the reason.
Result<std::int64_t> parse_last_event_id(std::string_view text);

// The number a stream starts after: the last one the client saw, but never beyond the newest item
// the user has (an id from the future would silently skip the items that fill the gap), and without
// one the newest item, so that the stream carries what happens from now on.
std::int64_t stream_start(std::optional<std::int64_t> last_seen, std::int64_t newest);

}  // namespace hub::notifications

#include "services/notifications/domain/live_position.hpp"

#include <algorithm>

#include "common/util/strings.hpp"

namespace hub::notifications {

Result<std::int64_t> parse_last_event_id(std::string_view text) {
  const auto number = util::parse_uint(text);
  if (text.empty() || text.size() > 18 || !number) {
    return fail("lastEventId must be the id of an item the stream sent (a number), got '" +
                std::string(text.substr(0, 40)) + "'");
  }
  return static_cast<std::int64_t>(*number);
}

std::int64_t stream_start(std::optional<std::int64_t> last_seen, std::int64_t newest) {
  return last_seen ? std::min(*last_seen, newest) : newest;
}

}  // namespace hub::notifications

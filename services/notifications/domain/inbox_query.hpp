#pragma once
// What the inbox API is asked (docs/inbox.md, "The inbox API"): the filters of a list, and which
// items a mark changes. Parsed here from untrusted input into plain values, with a clear message for
// anything else.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json/json.hpp"
#include "common/util/result.hpp"

namespace hub::notifications {

// ?unread=&state=&repo=&reason= of GET /api/notifications. Without a state the list shows unread
// and read items (done ones only when asked for: state=done or state=all).
struct InboxParams {
  std::optional<std::string> unread, state, repo, reason;
};

struct InboxFilter {
  std::vector<std::string> states;  // among unread, read, done
  std::optional<std::string> repo;  // namespace/name, as it is called now (every type)
  std::optional<std::string> reason;

  // The list these filters make, for its cursors (http::CursorSealer): a cursor of one list does
  // not open another.
  std::string cursor_scope(const std::string& user_id) const;
};

Result<InboxFilter> parse_inbox_filter(const InboxParams& params);

// POST /api/notifications/read: {ids:[…]} or {all:true}, and the state to set (read by default;
// unread and done too, and for `all` read or done).
struct MarkRequest {
  bool all = false;
  std::vector<std::int64_t> ids;  // the items' numbers (their "id" in the API)
  std::string state = "read";
};

inline constexpr std::size_t kMaxMarkedIds = 1000;

Result<MarkRequest> parse_mark_request(const json::Value& body);
// An item's id as the API writes it (a decimal number, as a string).
std::optional<std::int64_t> parse_item_id(std::string_view id);

}  // namespace hub::notifications

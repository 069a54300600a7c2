#pragma once
// An inbox item as it is read back: what lists and live streams render (api/item_json.hpp).
#include <cstdint>
#include <optional>
#include <string>

namespace hub::notifications {

struct InboxItem {
  std::string user_id;
  std::int64_t seq = 0;  // the item's id in the API and the stream
  std::string event_id;
  std::string event_type;
  std::string reason;
  std::optional<std::string> repo_id;
  std::optional<std::string> repo_type;
  std::optional<std::string> repo_name;
  std::optional<std::int64_t> thread_num;
  std::string subject_type;
  std::string title;
  std::string url;
  std::optional<std::string> actor_name;
  std::string state;       // unread, read, done
  std::string created_at;  // RFC 3339, UTC
};

}  // namespace hub::notifications

#include "services/notifications/api/item_json.hpp"

namespace hub::notifications {

void write_item(json::Writer& w, const InboxItem& item) {
  w.begin_object();
  w.field("id", std::to_string(item.seq))
      .field("reason", item.reason)
      .field("state", item.state)
      .field("unread", item.state == "unread")
      .field("eventType", item.event_type);
  w.key("repo");
  if (item.repo_id) {
    w.begin_object()
        .field("id", *item.repo_id)
        .field("type", item.repo_type.value_or(""))
        .field("name", item.repo_name.value_or(""))
        .end_object();
  } else {
    w.null();
  }
  w.key("thread");
  if (item.thread_num) {
    w.begin_object().field("num", *item.thread_num).end_object();
  } else {
    w.null();
  }
  w.field("subjectType", item.subject_type).field("title", item.title).field("url", item.url);
  w.key("actor");
  if (item.actor_name) {
    w.value(*item.actor_name);
  } else {
    w.null();
  }
  w.field("createdAt", item.created_at);
  w.end_object();
}

std::string item_json(const InboxItem& item) {
  json::Writer w;
  write_item(w, item);
  return w.str();
}

}  // namespace hub::notifications

#pragma once
// An inbox item as every answer shows it — the inbox list, the live streams (SSE `data:` and
// WebSocket messages) — so a client parses one shape:
//   {"id":"42","reason":"mention","state":"unread","unread":true,"eventType":"discussion.comment.created",
//    "repo":{"id":…,"type":"model","name":"ns/name"}|null,"thread":{"num":7}|null,
//    "subjectType":"pull_request","title":…,"url":…,"actor":"alice"|null,"createdAt":"2026-…Z"}
#include <string>

#include "common/json/json.hpp"
#include "services/notifications/domain/inbox_item.hpp"

namespace hub::notifications {

void write_item(json::Writer& w, const InboxItem& item);
std::string item_json(const InboxItem& item);

}  // namespace hub::notifications

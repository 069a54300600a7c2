#include "services/notifications/store/inbox_store.hpp"

#include <algorithm>

#include "common/db/prepared.hpp"

namespace hub::notifications {
namespace {

// The user's row is locked until the commit: their numbers commit in increasing order. A number
// taken by an item that turns out to exist already is left unused (gaps are harmless).
constexpr const char* kInsertItem = R"SQL(
WITH numbered AS (
  INSERT INTO notifications.user_sequences (user_id, last_seq) VALUES ($1::uuid, 1)
  ON CONFLICT (user_id) DO UPDATE SET last_seq = notifications.user_sequences.last_seq + 1
  RETURNING last_seq
)
INSERT INTO notifications.inbox_items (user_id, seq, event_id, event_type, reason, repo_id, repo_type, repo_name, thread_num,
                         subject_type, title, url, actor_name)
SELECT $1::uuid, numbered.last_seq, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM numbered
ON CONFLICT (user_id, event_id) DO NOTHING
RETURNING seq
)SQL";

}  // namespace

std::vector<InsertedItem> insert_inbox_items(pqxx::work& tx, std::vector<NewInboxItem> items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const NewInboxItem& a, const NewInboxItem& b) { return a.user_id < b.user_id; });
  std::vector<InsertedItem> inserted;
  for (const auto& item : items) {
    const pqxx::result r =
        db::exec_statement(tx, kInsertItem, item.user_id, item.event_id, item.event_type, item.reason, item.repo_id,
                       item.repo_type, item.repo_name, item.thread_num, item.subject_type, item.title, item.url,
                       item.actor_name);
    if (!r.empty()) inserted.push_back(InsertedItem{item.user_id, r[0][0].as<std::int64_t>()});
  }
  return inserted;
}

}  // namespace hub::notifications

#include "services/notifications/store/inbox_store.hpp"

#include <algorithm>

#include "common/db/prepared.hpp"
#include "services/notifications/store/inbox_read_store.hpp"

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

constexpr const char* kItemsAfter =
    "SELECT user_id::text, seq, event_id::text, event_type, reason, repo_id, repo_type, repo_name, thread_num, "
    "subject_type, title, url, actor_name, state, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
    "FROM notifications.inbox_items WHERE user_id = $1::uuid AND seq > $2 ORDER BY seq LIMIT $3";

template <class T>
std::optional<T> optional_field(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<T>();
}

}  // namespace

const char* const kInboxItemColumns =
    "user_id::text, seq, event_id::text, event_type, reason, repo_id, repo_type, repo_name, thread_num, "
    "subject_type, title, url, actor_name, state, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

InboxItem inbox_item_from_row(const pqxx::row& r) {
  InboxItem item;
  item.user_id = r[0].as<std::string>();
  item.seq = r[1].as<std::int64_t>();
  item.event_id = r[2].as<std::string>();
  item.event_type = r[3].as<std::string>();
  item.reason = r[4].as<std::string>();
  item.repo_id = optional_field<std::string>(r[5]);
  item.repo_type = optional_field<std::string>(r[6]);
  item.repo_name = optional_field<std::string>(r[7]);
  item.thread_num = optional_field<std::int64_t>(r[8]);
  item.subject_type = r[9].as<std::string>();
  item.title = r[10].as<std::string>();
  item.url = r[11].as<std::string>();
  item.actor_name = optional_field<std::string>(r[12]);
  item.state = r[13].as<std::string>();
  item.created_at = r[14].as<std::string>();
  return item;
}

std::vector<InboxItem> inbox_items_after(pqxx::transaction_base& tx, const std::string& user_id,
                                         std::int64_t after_seq, std::size_t limit) {
  std::vector<InboxItem> out;
  for (const auto& r : db::exec_statement(tx, kItemsAfter, user_id, after_seq, static_cast<std::int64_t>(limit))) {
    out.push_back(inbox_item_from_row(r));
  }
  return out;
}

std::vector<InsertedItem> insert_inbox_items(pqxx::work& tx, std::vector<NewInboxItem> items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const NewInboxItem& a, const NewInboxItem& b) { return a.user_id < b.user_id; });
  std::vector<InsertedItem> inserted;
  std::vector<std::pair<std::string, std::string>> owners;
  for (const auto& item : items) {
    const pqxx::result r =
        db::exec_statement(tx, kInsertItem, item.user_id, item.event_id, item.event_type, item.reason, item.repo_id,
                       item.repo_type, item.repo_name, item.thread_num, item.subject_type, item.title, item.url,
                       item.actor_name);
    if (r.empty()) continue;
    inserted.push_back(InsertedItem{item.user_id, r[0][0].as<std::int64_t>()});
    if (item.repo_id) owners.emplace_back(item.user_id, *item.repo_id);
  }
  // The repos each user has items of: what the read-time check asks auth about (an item of a repo
  // missing there would never show).
  add_item_repos(tx, std::move(owners));
  return inserted;
}

}  // namespace hub::notifications

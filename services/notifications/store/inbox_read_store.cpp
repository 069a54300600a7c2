#include "services/notifications/store/inbox_read_store.hpp"

#include <algorithm>
#include <limits>

#include "common/db/prepared.hpp"
#include "services/notifications/store/inbox_store.hpp"
#include "services/notifications/store/sql_arrays.hpp"

namespace hub::notifications {
namespace {

// Whether an item's repo may be read: $2 is the readable repos' ids.
#define HUB_READABLE "(repo_id IS NULL OR repo_id = ANY($2::text[]))"

constexpr const char* kItemRepos = "SELECT repo_id FROM notifications.user_item_repos WHERE user_id = $1::uuid";
constexpr const char* kAddItemRepos =
    "INSERT INTO notifications.user_item_repos (user_id, repo_id) "
    "SELECT u::uuid, r FROM unnest($1::text[], $2::text[]) AS pairs(u, r) ON CONFLICT DO NOTHING";
constexpr const char* kCountUnread =
    "SELECT count(*) FROM notifications.inbox_items WHERE user_id = $1::uuid AND state = 'unread' AND " HUB_READABLE;
constexpr const char* kMarkItems =
    "UPDATE notifications.inbox_items SET state = $4, updated_at = now() "
    "WHERE user_id = $1::uuid AND seq = ANY($3::bigint[]) AND state <> $4 AND " HUB_READABLE;
// `all`: read marks the unread ones; done marks every one not done yet.
constexpr const char* kMarkAll =
    "UPDATE notifications.inbox_items SET state = $3, updated_at = now() "
    "WHERE user_id = $1::uuid AND (state = 'unread' OR ($3 = 'done' AND state = 'read')) AND " HUB_READABLE;

std::string list_sql() {
  return std::string("SELECT ") + kInboxItemColumns +
         " FROM notifications.inbox_items WHERE user_id = $1::uuid AND " HUB_READABLE
         " AND state = ANY($3::text[]) AND ($4::text IS NULL OR lower(repo_name) = lower($4)) "
         "AND ($5::text IS NULL OR reason = $5) AND seq < $6 ORDER BY seq DESC LIMIT $7";
}

std::string find_sql() {
  return std::string("SELECT ") + kInboxItemColumns +
         " FROM notifications.inbox_items WHERE user_id = $1::uuid AND " HUB_READABLE " AND seq = $3";
}

#undef HUB_READABLE

}  // namespace

std::vector<std::string> item_repos_of(pqxx::transaction_base& tx, const std::string& user_id) {
  std::vector<std::string> out;
  for (const auto& r : db::exec_statement(tx, kItemRepos, user_id))
    out.push_back(r[0].as<std::string>());
  return out;
}

void add_item_repos(pqxx::work& tx, std::vector<std::pair<std::string, std::string>> pairs) {
  if (pairs.empty()) return;
  std::sort(pairs.begin(), pairs.end());  // one order for every writer: no two wait on each other crosswise
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::string> users, repos;
  for (auto& [user, repo] : pairs) {
    users.push_back(std::move(user));
    repos.push_back(std::move(repo));
  }
  db::exec_statement(tx, kAddItemRepos, text_array(users), text_array(repos));
}

ItemPage list_items(pqxx::transaction_base& tx, const std::string& user_id, const std::vector<std::string>& readable,
                    const InboxFilter& filter, std::optional<std::int64_t> before, std::size_t limit) {
  ItemPage page;
  const pqxx::result rows = db::exec_statement(
      tx, list_sql(), user_id, text_array(readable), text_array(filter.states), filter.repo, filter.reason,
      before.value_or(std::numeric_limits<std::int64_t>::max()), static_cast<std::int64_t>(limit + 1));
  for (const auto& r : rows) {
    if (page.items.size() == limit) {
      page.more = true;
      break;
    }
    page.items.push_back(inbox_item_from_row(r));
  }
  return page;
}

std::int64_t count_unread(pqxx::transaction_base& tx, const std::string& user_id,
                          const std::vector<std::string>& readable) {
  return db::exec_statement(tx, kCountUnread, user_id, text_array(readable))[0][0].as<std::int64_t>();
}

std::optional<InboxItem> find_item(pqxx::transaction_base& tx, const std::string& user_id, std::int64_t seq,
                                   const std::vector<std::string>& readable) {
  const pqxx::result r = db::exec_statement(tx, find_sql(), user_id, text_array(readable), seq);
  if (r.empty()) return std::nullopt;
  return inbox_item_from_row(r[0]);
}

std::int64_t mark_items(pqxx::work& tx, const std::string& user_id, const std::vector<std::int64_t>& seqs,
                        const std::string& state, const std::vector<std::string>& readable) {
  return db::exec_statement(tx, kMarkItems, user_id, text_array(readable), bigint_array(seqs), state).affected_rows();
}

std::int64_t mark_all(pqxx::work& tx, const std::string& user_id, const std::string& state,
                      const std::vector<std::string>& readable) {
  return db::exec_statement(tx, kMarkAll, user_id, text_array(readable), state).affected_rows();
}

}  // namespace hub::notifications

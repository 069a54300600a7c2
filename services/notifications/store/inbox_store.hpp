#pragma once
// Inserting inbox items (schemas/notifications/100_inbox_items.sql): the one way an item is
// written, whoever writes it (the fan-out of events, a webhook's owner told it was disabled).
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/notifications/domain/inbox_item.hpp"

namespace hub::notifications {

struct NewInboxItem {
  std::string user_id;
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
};

struct InsertedItem {
  std::string user_id;
  std::int64_t seq = 0;
};

// Numbers and inserts each item (in user-id order, so two transactions never wait on each other's
// users crosswise); an item whose user already has one for that event is skipped. Records the repos
// each user has items of (inbox_read_store.hpp: what the read-time check asks about). Returns what
// was inserted, for the live signal sent after the commit (app/live_signal.hpp).
std::vector<InsertedItem> insert_inbox_items(pqxx::work& tx, std::vector<NewInboxItem> items);

// The user's items numbered above `after_seq`, oldest first, at most `limit` (a live stream's
// catch-up; the caller still filters out repos the user may no longer read).
std::vector<InboxItem> inbox_items_after(pqxx::transaction_base& tx, const std::string& user_id,
                                         std::int64_t after_seq, std::size_t limit);

// Reads one item row selected with kInboxItemColumns (for the other queries of the inbox).
InboxItem inbox_item_from_row(const pqxx::row& row);
// The columns inbox_item_from_row reads, in its order.
extern const char* const kInboxItemColumns;

}  // namespace hub::notifications

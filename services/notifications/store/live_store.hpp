#pragma once
// What live streams read besides the items themselves (store/inbox_store.hpp): the number of each
// user's newest item. Every item numbered up to it has committed (a user's numbers commit in order:
// schemas/notifications/100_inbox_items.sql), so a stream that has read that far has missed nothing.
#include <cstdint>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace hub::notifications {

// 0 for a user without items.
std::int64_t newest_item_number(pqxx::transaction_base& tx, const std::string& user_id);

// The same for many users at once (users without items are left out).
std::map<std::string, std::int64_t> newest_item_numbers(pqxx::transaction_base& tx,
                                                        const std::vector<std::string>& user_ids);

}  // namespace hub::notifications

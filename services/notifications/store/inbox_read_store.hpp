#pragma once
// The inbox as its owner reads and marks it: pages newest first by number, the unread count, marks;
// always within `readable`, the repos the owner may read now (items of no repo always count). And
// the repos a user has items of, which is what auth is asked about. SQL only, in the caller's
// transaction.
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "services/notifications/domain/inbox_item.hpp"
#include "services/notifications/domain/inbox_query.hpp"

namespace hub::notifications {

std::vector<std::string> item_repos_of(pqxx::transaction_base& tx, const std::string& user_id);
// (user id, repo id) pairs: each user now has items of that repo.
void add_item_repos(pqxx::work& tx, std::vector<std::pair<std::string, std::string>> pairs);

struct ItemPage {
  std::vector<InboxItem> items;
  bool more = false;
};
// Items numbered below `before` (all when nullopt), newest first.
ItemPage list_items(pqxx::transaction_base& tx, const std::string& user_id, const std::vector<std::string>& readable,
                    const InboxFilter& filter, std::optional<std::int64_t> before, std::size_t limit);

std::int64_t count_unread(pqxx::transaction_base& tx, const std::string& user_id,
                          const std::vector<std::string>& readable);

std::optional<InboxItem> find_item(pqxx::transaction_base& tx, const std::string& user_id, std::int64_t seq,
                                   const std::vector<std::string>& readable);

// How many items changed state.
std::int64_t mark_items(pqxx::work& tx, const std::string& user_id, const std::vector<std::int64_t>& seqs,
                        const std::string& state, const std::vector<std::string>& readable);
// Every unread item read, or every item not done done.
std::int64_t mark_all(pqxx::work& tx, const std::string& user_id, const std::string& state,
                      const std::vector<std::string>& readable);

}  // namespace hub::notifications

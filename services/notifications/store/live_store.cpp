#include "services/notifications/store/live_store.hpp"

#include "common/db/prepared.hpp"
#include "services/notifications/store/sql_arrays.hpp"

namespace hub::notifications {
namespace {

constexpr const char* kNewest = "SELECT last_seq FROM notifications.user_sequences WHERE user_id = $1::uuid";

constexpr const char* kNewestOfMany =
    "SELECT user_id::text, last_seq FROM notifications.user_sequences WHERE user_id = ANY($1::uuid[])";

}  // namespace

std::int64_t newest_item_number(pqxx::transaction_base& tx, const std::string& user_id) {
  const pqxx::result r = db::exec_statement(tx, kNewest, user_id);
  return r.empty() ? 0 : r[0][0].as<std::int64_t>();
}

std::map<std::string, std::int64_t> newest_item_numbers(pqxx::transaction_base& tx,
                                                        const std::vector<std::string>& user_ids) {
  std::map<std::string, std::int64_t> out;
  if (user_ids.empty()) return out;
  for (const auto& row : db::exec_statement(tx, kNewestOfMany, text_array(user_ids))) {
    out.emplace(row[0].as<std::string>(), row[1].as<std::int64_t>());
  }
  return out;
}

}  // namespace hub::notifications

#include "services/notifications/store/notice_store.hpp"

#include "common/db/prepared.hpp"

namespace hub::notifications {
namespace {

constexpr const char* kInsertNotice =
    "INSERT INTO notifications.webhook_notices (id, webhook_id, owner_kind, owner_id, owner_name, title, url) "
    "VALUES ($1::uuid, $2::uuid, $3, $4::uuid, $5, $6, $7)";
constexpr const char* kPendingNotices =
    "SELECT id::text, webhook_id::text, owner_kind, owner_id::text, owner_name, title, url "
    "FROM notifications.webhook_notices ORDER BY created_at LIMIT $1";
constexpr const char* kTakeNotice = "DELETE FROM notifications.webhook_notices WHERE id = $1::uuid";

}  // namespace

void insert_notice(pqxx::work& tx, const Notice& n) {
  db::exec_statement(tx, kInsertNotice, n.id, n.webhook_id, n.owner.kind, n.owner.id, n.owner.name, n.title, n.url);
}

std::vector<Notice> pending_notices(pqxx::transaction_base& tx, std::size_t limit) {
  std::vector<Notice> out;
  for (const auto& r : db::exec_statement(tx, kPendingNotices, static_cast<std::int64_t>(limit))) {
    out.push_back(Notice{r[0].as<std::string>(), r[1].as<std::string>(),
                         HookOwner{r[2].as<std::string>(), r[3].as<std::string>(), r[4].as<std::string>()},
                         r[5].as<std::string>(), r[6].as<std::string>()});
  }
  return out;
}

bool take_notice(pqxx::work& tx, const std::string& id) {
  return db::exec_statement(tx, kTakeNotice, id).affected_rows() > 0;
}

}  // namespace hub::notifications

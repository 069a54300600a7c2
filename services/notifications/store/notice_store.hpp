#pragma once
// notifications.webhook_notices: owners to tell, in their inbox, that a hook of theirs was disabled.
// Written in the transaction that disables the hook; worked off by a loop that asks auth for an
// org's admins first, then inserts the items in the transaction that takes the notice (so each is
// told once). SQL only, in the caller's transaction.
#include <cstddef>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/notifications/store/webhook_store.hpp"

namespace hub::notifications {

struct Notice {
  std::string id;
  std::string webhook_id;
  HookOwner owner;
  std::string title;
  std::string url;
};

void insert_notice(pqxx::work& tx, const Notice& notice);
std::vector<Notice> pending_notices(pqxx::transaction_base& tx, std::size_t limit);
// false when another process took it first.
bool take_notice(pqxx::work& tx, const std::string& id);

}  // namespace hub::notifications

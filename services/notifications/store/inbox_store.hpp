#pragma once
// Inserting inbox items (schemas/notifications/100_inbox_items.sql): the one way an item is
// written, whoever writes it (the fan-out of events, a webhook's owner told it was disabled).
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

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
// users crosswise); an item whose user already has one for that event is skipped. Returns what was
// inserted, for the live signal sent after the commit (app/live_signal.hpp).
std::vector<InsertedItem> insert_inbox_items(pqxx::work& tx, std::vector<NewInboxItem> items);

}  // namespace hub::notifications

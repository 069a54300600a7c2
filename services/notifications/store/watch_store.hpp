#pragma once
// Watch levels (schemas/notifications/110_inbox_routing.sql): each user's on a repo (by its id) and on
// a namespace (an organization, lower-cased). SQL only, in the caller's transaction.
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "services/notifications/domain/recipients.hpp"
#include "services/notifications/domain/watch_level.hpp"

namespace hub::notifications {

struct RepoOfWatch {
  std::string id;
  std::string type;
  std::string name;  // namespace/name
};

std::optional<WatchLevel> repo_level(pqxx::transaction_base& tx, const std::string& user_id,
                                     const std::string& repo_id);
void set_repo_level(pqxx::work& tx, const std::string& user_id, const RepoOfWatch& repo, WatchLevel level);
void clear_repo_level(pqxx::work& tx, const std::string& user_id, const std::string& repo_id);
// The repo's watches follow its move.
void rename_repo_watches(pqxx::work& tx, const RepoOfWatch& repo);

std::optional<WatchLevel> namespace_level(pqxx::transaction_base& tx, const std::string& user_id,
                                          const std::string& ns);
void set_namespace_level(pqxx::work& tx, const std::string& user_id, const std::string& ns, WatchLevel level);
void clear_namespace_level(pqxx::work& tx, const std::string& user_id, const std::string& ns);

// Every level set on the repo, and on its namespace.
Followers followers_of(pqxx::transaction_base& tx, const std::string& repo_id, const std::string& ns);

}  // namespace hub::notifications

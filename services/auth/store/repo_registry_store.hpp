#pragma once
// auth.repos, its redirects and tombstones (the repo registry): SQL only, in the caller's transaction.
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace hub::auth {

struct RegisteredRepo {
  std::string id;
  std::string type;
  std::string ns;
  std::string name;
  bool is_private = false;
  std::string creator_id;  // "" when unknown
};

// The registered repos among `ids` (unknown ids are left out).
std::vector<RegisteredRepo> find_repos_by_id(pqxx::transaction_base& tx, const std::vector<std::string>& ids);

bool has_tombstone(pqxx::transaction_base& tx, const std::string& id);
// A move leaves the repo's old path behind as a redirect; a repo made at a path takes it from any
// redirect.
void redirect_old_path(pqxx::work& tx, const RegisteredRepo& repo);
void clear_redirect(pqxx::work& tx, const RegisteredRepo& repo);
// Inserts or updates the repo; false when another repo has its path.
bool upsert_repo(pqxx::work& tx, const RegisteredRepo& repo);
// Deletes the repo and leaves its tombstone; false when there was none.
bool delete_repo(pqxx::work& tx, const std::string& id);

// The reconciler's writes, ordered by when the event happened (`occurred_at`, RFC 3339): an
// event older than the registry's last change leaves it alone, and a deleted repo never comes back.
void reconcile_deletion(pqxx::work& tx, const std::string& id, const std::string& occurred_at);
// False when the repo's path is another repo's now (a later move): the event's state is skipped
// under a savepoint, the transaction goes on.
bool reconcile_state(pqxx::work& tx, const RegisteredRepo& repo, const std::string& occurred_at);

}  // namespace hub::auth

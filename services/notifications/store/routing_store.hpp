#pragma once
// What the inbox remembers from events to route the next ones (schemas/notifications/
// 110_inbox_routing.sql): the repos and their current names, threads' titles, who takes part in
// which thread, the mentions a comment already notified; and a repo's move or deletion applied to
// everything it holds. SQL only, in the caller's transaction.
#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/notifications/domain/recipients.hpp"

namespace hub::notifications {

struct KnownRepo {
  std::string id;
  std::string type;
  std::string name;  // namespace/name
  bool deleted = false;
};

// Takes the repo's type and name as of `occurred_at` unless a newer event told another one, and
// never for a deleted repo. The repo as now known, and whether this changed its name.
struct RepoNaming {
  KnownRepo repo;
  bool renamed = false;
};
RepoNaming remember_repo(pqxx::work& tx, const KnownRepo& repo, const std::string& occurred_at);

// `share`: the row stays locked (FOR SHARE) until the commit, so a move waits for the items being
// inserted under the old name, and then renames them too.
std::optional<KnownRepo> find_known_repo(pqxx::transaction_base& tx, const std::string& repo_id, bool share = false);

// The repo is gone for good: it is remembered as deleted, and its items, watches, threads,
// participants, mentions and pending notices go.
void forget_repo(pqxx::work& tx, const KnownRepo& repo, const std::string& occurred_at);

// The threads of the repo that have inbox items, for renaming their links after a move.
struct ItemSubject {
  std::string subject_type;
  std::int64_t num = 0;
};
std::vector<ItemSubject> item_subjects(pqxx::transaction_base& tx, const std::string& repo_id);
void rename_items(pqxx::work& tx, const std::string& repo_id, const std::string& repo_type,
                  const std::string& repo_name);
void relink_items(pqxx::work& tx, const std::string& repo_id, const ItemSubject& subject, const std::string& url);

// A thread's title as of `occurred_at` (the newest wins).
void remember_title(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& title,
                    const std::string& occurred_at);
std::map<std::int64_t, std::string> thread_titles(pqxx::transaction_base& tx, const std::string& repo_id,
                                                  const std::vector<std::int64_t>& nums);

void add_participant(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const Participant& person);
std::map<std::int64_t, std::vector<Participant>> thread_participants(pqxx::transaction_base& tx,
                                                                     const std::string& repo_id,
                                                                     const std::vector<std::int64_t>& nums);

// Of these mention keys of a comment, those it did not have before (now recorded).
std::vector<std::string> new_mentions(pqxx::work& tx, const std::string& repo_id, const std::string& comment_id,
                                      const std::vector<std::string>& keys);

}  // namespace hub::notifications

#pragma once
// SQL over discussions.threads and discussions.thread_counts: threads, their lists (by offset and by
// keyset), and the counters the lists' totals come from.
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/discussions/domain/list_query.hpp"
#include "services/discussions/domain/records.hpp"

namespace hub::discussions {

void insert_thread(pqxx::work& tx, const ThreadRow& thread);
// `lock`: FOR UPDATE, for a change to the thread.
std::optional<ThreadRow> find_thread(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                     bool lock = false);

void set_status(pqxx::work& tx, const std::string& repo_id, std::int64_t num, Status status);
void set_title(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& title);
void set_flags(pqxx::work& tx, const std::string& repo_id, std::int64_t num, bool pinned, bool locked);
void set_merge_commit(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& oid);
// updated_at = now(), and the visible comment count moved by `comments`.
void touch(pqxx::work& tx, const std::string& repo_id, std::int64_t num, int comments = 0);

// The counter of (repo, kind, status) moved by `delta`.
void count_thread(pqxx::work& tx, const std::string& repo_id, bool is_pull_request, Status status, int delta);

// How many threads the list has, and how many of its kind are closed (the Hub's
// numClosedDiscussions): from the counter rows in one query when the list filters by kind and
// status only; the first counted over the repo's index when it filters by author, title or text.
struct ListCounts {
  std::int64_t count = 0;
  std::int64_t closed = 0;
};
ListCounts count_list(pqxx::transaction_base& tx, const std::string& repo_id, const ListQuery& query);

// One page: after `query.after` when set, else from `offset`; `limit` rows at most.
std::vector<ThreadRow> list_threads(pqxx::transaction_base& tx, const std::string& repo_id, const ListQuery& query,
                                    std::int64_t offset, std::int64_t limit);

// Every thread of a deleted repo, with their events (cascade) and counters.
void delete_repo_threads(pqxx::work& tx, const std::string& repo_id);

// The numbers of the repo's sequence that are bug reports (bug.created events), for `#N` links.
void remember_bug_number(pqxx::work& tx, const std::string& repo_id, std::int64_t num);
bool is_bug_number(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num);

}  // namespace hub::discussions

#include "services/discussions/store/thread_store.hpp"

#include <pqxx/prepared_statement>

#include "common/db/prepared.hpp"

namespace hub::discussions {
namespace {

constexpr const char* kColumns =
    "t.repo_id::text, t.num, t.is_pull_request, t.title, t.status, COALESCE(t.author_id::text, ''), t.author_name, "
    "t.pinned, t.locked, to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
    "(extract(epoch FROM t.updated_at) * 1000000)::bigint, t.comment_count, COALESCE(t.base_ref, ''), "
    "COALESCE(t.merge_commit_id, '')";

constexpr const char* kInsert =
    "INSERT INTO discussions.threads (repo_id, num, is_pull_request, title, status, author_id, author_name, "
    "title_search, base_ref) VALUES ($1::uuid, $2, $3, $4, $5, NULLIF($6, '')::uuid, $7, "
    "to_tsvector('english', $4), NULLIF($8, ''))";

constexpr const char* kSetStatus =
    "UPDATE discussions.threads SET status = $3, updated_at = now() WHERE repo_id = $1::uuid AND num = $2";
constexpr const char* kSetTitle =
    "UPDATE discussions.threads SET title = $3, title_search = to_tsvector('english', $3), updated_at = now() "
    "WHERE repo_id = $1::uuid AND num = $2";
constexpr const char* kSetFlags =
    "UPDATE discussions.threads SET pinned = $3, locked = $4 WHERE repo_id = $1::uuid AND num = $2";
constexpr const char* kSetMergeCommit =
    "UPDATE discussions.threads SET merge_commit_id = $3 WHERE repo_id = $1::uuid AND num = $2";
constexpr const char* kTouch =
    "UPDATE discussions.threads SET updated_at = now(), comment_count = comment_count + $3 "
    "WHERE repo_id = $1::uuid AND num = $2";

constexpr const char* kCount =
    "INSERT INTO discussions.thread_counts (repo_id, is_pull_request, status, n) VALUES ($1::uuid, $2, $3, $4) "
    "ON CONFLICT (repo_id, is_pull_request, status) DO UPDATE SET n = discussions.thread_counts.n + EXCLUDED.n";
// (A decrement only ever follows an increment of the same row; the check keeps it from going below 0.)
constexpr const char* kUncount =
    "UPDATE discussions.thread_counts SET n = n + $4 WHERE repo_id = $1::uuid AND is_pull_request = $2 AND status = $3";

constexpr const char* kDeleteThreads = "DELETE FROM discussions.threads WHERE repo_id = $1::uuid";
constexpr const char* kDeleteCounts = "DELETE FROM discussions.thread_counts WHERE repo_id = $1::uuid";
constexpr const char* kDeleteBugNumbers = "DELETE FROM discussions.bug_numbers WHERE repo_id = $1::uuid";
constexpr const char* kRememberBugNumber =
    "INSERT INTO discussions.bug_numbers (repo_id, num) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING";
constexpr const char* kIsBugNumber = "SELECT 1 FROM discussions.bug_numbers WHERE repo_id = $1::uuid AND num = $2";

// Fragments of a list's WHERE clause, each with its parameter appended in order.
class Filter {
 public:
  explicit Filter(const std::string& repo_id) { params_.push_back(repo_id); }
  // The placeholder of the next parameter (`later` more for the ones after it).
  std::string next(std::size_t later = 0) const { return "$" + std::to_string(params_.size() + 1 + later); }
  // A condition written with next(), next(1), … and the values of those parameters in order.
  void add(const std::string& condition, std::initializer_list<std::string> values) {
    where_ += " AND " + condition;
    params_.insert(params_.end(), values);
  }
  const std::string& where() const { return where_; }
  const std::vector<std::string>& params() const { return params_; }

 private:
  std::string where_ = "t.repo_id = $1::uuid";
  std::vector<std::string> params_;
};

// `%`, `_` and `\` stand for themselves in the Hub's title search.
std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

void add_filters(Filter& f, const ListQuery& q) {
  if (q.kind != Kind::kAll) {
    f.add("t.is_pull_request = " + f.next() + "::boolean", {q.kind == Kind::kPullRequest ? "true" : "false"});
  }
  if (q.status) f.add("t.status = " + f.next(), {std::string(status_name(*q.status))});
  if (!q.author.empty()) f.add("lower(t.author_name) = lower(" + f.next() + ")", {q.author});
  if (!q.search.empty()) f.add("t.title ILIKE " + f.next(), {like_pattern(q.search)});
  if (!q.q.empty()) {
    const std::string p = f.next();
    // Titles, and the words of comments shown (a hidden comment has no words left to match).
    f.add("(t.title_search @@ plainto_tsquery('english', " + p +
              ") OR t.num IN (SELECT e.num FROM discussions.thread_events e WHERE e.repo_id = $1::uuid "
              "AND e.search @@ plainto_tsquery('english', " +
              p + ")))",
          {q.q});
  }
}

ThreadRow read_thread(const pqxx::row& r) {
  ThreadRow t;
  t.repo_id = r[0].as<std::string>();
  t.num = r[1].as<std::int64_t>();
  t.is_pull_request = r[2].as<bool>();
  t.title = r[3].as<std::string>();
  t.status = parse_status(r[4].as<std::string>()).value_or(Status::kOpen);
  t.author_id = r[5].as<std::string>();
  t.author_name = r[6].as<std::string>();
  t.pinned = r[7].as<bool>();
  t.locked = r[8].as<bool>();
  t.created_at = r[9].as<std::string>();
  t.updated_at = r[10].as<std::string>();
  t.updated_us = r[11].as<std::int64_t>();
  t.comment_count = r[12].as<std::int64_t>();
  t.base_ref = r[13].as<std::string>();
  t.merge_commit_id = r[14].as<std::string>();
  return t;
}

}  // namespace

void insert_thread(pqxx::work& tx, const ThreadRow& t) {
  db::exec_statement(tx, kInsert, t.repo_id, t.num, t.is_pull_request, t.title, std::string(status_name(t.status)),
                     t.author_id, t.author_name, t.base_ref);
}

std::optional<ThreadRow> find_thread(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                     bool lock) {
  const std::string sql = std::string("SELECT ") + kColumns +
                          " FROM discussions.threads t WHERE t.repo_id = $1::uuid AND t.num = $2" +
                          (lock ? " FOR UPDATE" : "");
  auto rows = db::exec_statement(tx, sql, repo_id, num);
  if (rows.empty()) return std::nullopt;
  return read_thread(rows[0]);
}

void set_status(pqxx::work& tx, const std::string& repo_id, std::int64_t num, Status status) {
  db::exec_statement(tx, kSetStatus, repo_id, num, std::string(status_name(status)));
}

void set_title(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& title) {
  db::exec_statement(tx, kSetTitle, repo_id, num, title);
}

void set_flags(pqxx::work& tx, const std::string& repo_id, std::int64_t num, bool pinned, bool locked) {
  db::exec_statement(tx, kSetFlags, repo_id, num, pinned, locked);
}

void set_merge_commit(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& oid) {
  db::exec_statement(tx, kSetMergeCommit, repo_id, num, oid);
}

void touch(pqxx::work& tx, const std::string& repo_id, std::int64_t num, int comments) {
  db::exec_statement(tx, kTouch, repo_id, num, comments);
}

void count_thread(pqxx::work& tx, const std::string& repo_id, bool is_pull_request, Status status, int delta) {
  db::exec_statement(tx, delta > 0 ? kCount : kUncount, repo_id, is_pull_request, std::string(status_name(status)),
                     delta);
}

ListCounts count_list(pqxx::transaction_base& tx, const std::string& repo_id, const ListQuery& query) {
  // From the counters, in one query: the threads of the kind and status asked for, and the closed
  // ones of that kind.
  std::string kind = "true";
  if (query.kind != Kind::kAll) kind = query.kind == Kind::kPullRequest ? "is_pull_request" : "NOT is_pull_request";
  const std::string status = query.status ? "status = $2" : "true";
  const std::string sql = "SELECT COALESCE(sum(n) FILTER (WHERE " + kind + " AND " + status +
                          "), 0)::bigint, COALESCE(sum(n) FILTER (WHERE " + kind +
                          " AND status = 'closed'), 0)::bigint FROM discussions.thread_counts WHERE repo_id = $1::uuid";
  const auto r = query.status ? db::exec_statement(tx, sql, repo_id, std::string(status_name(*query.status)))[0]
                              : db::exec_statement(tx, sql, repo_id)[0];
  ListCounts counts{r[0].as<std::int64_t>(), r[1].as<std::int64_t>()};
  if (!query.counted_by_kind()) {
    // An author, title or text filter: no counter can know, so the repo's index is counted.
    Filter f(repo_id);
    add_filters(f, query);
    const std::string scan = "SELECT count(*) FROM discussions.threads t WHERE " + f.where();
    counts.count =
        db::exec_statement(tx, scan, pqxx::prepare::make_dynamic_params(f.params()))[0][0].as<std::int64_t>();
  }
  return counts;
}

std::vector<ThreadRow> list_threads(pqxx::transaction_base& tx, const std::string& repo_id, const ListQuery& query,
                                    std::int64_t offset, std::int64_t limit) {
  Filter f(repo_id);
  add_filters(f, query);
  std::string order;
  switch (query.sort) {
    case Sort::kRecentlyCreated:
      order = " ORDER BY t.num DESC";
      if (query.after) f.add("t.num < " + f.next(), {std::to_string(query.after->num)});
      break;
    case Sort::kRecentlyUpdated:
      order = " ORDER BY t.updated_at DESC, t.num DESC";
      if (query.after) {
        f.add("(t.updated_at, t.num) < ('epoch'::timestamptz + " + f.next() + "::bigint * interval '1 microsecond', " +
                  f.next(1) + "::bigint)",
              {std::to_string(query.after->key), std::to_string(query.after->num)});
      }
      break;
    case Sort::kMostCommented:
      order = " ORDER BY t.comment_count DESC, t.num DESC";
      if (query.after) {
        f.add("(t.comment_count, t.num) < (" + f.next() + "::bigint, " + f.next(1) + "::bigint)",
              {std::to_string(query.after->key), std::to_string(query.after->num)});
      }
      break;
  }
  std::string sql = std::string("SELECT ") + kColumns + " FROM discussions.threads t WHERE " + f.where() + order;
  sql += " LIMIT " + f.next() + "::bigint OFFSET " + f.next(1) + "::bigint";
  std::vector<std::string> params = f.params();
  params.push_back(std::to_string(limit));
  params.push_back(std::to_string(query.after ? 0 : offset));
  std::vector<ThreadRow> out;
  for (const auto& r : db::exec_statement(tx, sql, pqxx::prepare::make_dynamic_params(params)))
    out.push_back(read_thread(r));
  return out;
}

void delete_repo_threads(pqxx::work& tx, const std::string& repo_id) {
  db::exec_statement(tx, kDeleteThreads, repo_id);
  db::exec_statement(tx, kDeleteCounts, repo_id);
  db::exec_statement(tx, kDeleteBugNumbers, repo_id);
}

void remember_bug_number(pqxx::work& tx, const std::string& repo_id, std::int64_t num) {
  db::exec_statement(tx, kRememberBugNumber, repo_id, num);
}

bool is_bug_number(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num) {
  return !db::exec_statement(tx, kIsBugNumber, repo_id, num).empty();
}

}  // namespace hub::discussions

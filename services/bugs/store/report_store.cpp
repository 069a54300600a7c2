#include "services/bugs/store/report_store.hpp"

#include <array>
#include <pqxx/prepared_statement>

#include "common/db/prepared.hpp"

namespace hub::bugs {
namespace {

#define HUB_BUGS_TIME(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

// A report's columns in read_report's order; a list leaves the body out (its items do not show it).
constexpr const char* kColumns =
    "r.repo_id::text, r.num, r.title, r.body, r.body_html, r.status, r.severity, COALESCE(r.author_id::text, ''), "
    "r.author_name, COALESCE(r.affected_sha, ''), COALESCE(r.fixed_in, ''), r.duplicate_of, r.env_library, "
    "r.env_version, r.env_hardware, r.env_reproduction, " HUB_BUGS_TIME("r.created_at") ", " HUB_BUGS_TIME(
        "r.updated_at") ", (extract(epoch FROM r.updated_at) * 1000000)::bigint, r.comment_count";
constexpr const char* kListColumns =
    "r.repo_id::text, r.num, r.title, '', '', r.status, r.severity, COALESCE(r.author_id::text, ''), "
    "r.author_name, COALESCE(r.affected_sha, ''), COALESCE(r.fixed_in, ''), r.duplicate_of, r.env_library, "
    "r.env_version, r.env_hardware, '', " HUB_BUGS_TIME("r.created_at") ", " HUB_BUGS_TIME(
        "r.updated_at") ", (extract(epoch FROM r.updated_at) * 1000000)::bigint, r.comment_count";

constexpr const char* kInsert =
    "INSERT INTO bugs.reports AS r (repo_id, num, title, body, body_html, status, severity, severity_rank, author_id, "
    "author_name, affected_sha, env_library, env_version, env_hardware, env_reproduction, search) "
    "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, '')::uuid, $10, NULLIF($11, ''), $12, $13, $14, $15, "
    "setweight(to_tsvector('english', $3), 'A') || setweight(to_tsvector('english', $4), 'B')) "
    "RETURNING " HUB_BUGS_TIME("r.created_at") ", " HUB_BUGS_TIME(
        "r.updated_at") ", (extract(epoch FROM r.updated_at) * 1000000)::bigint";

constexpr const char* kExists = "SELECT 1 FROM bugs.reports WHERE repo_id = $1::uuid AND num = $2";

constexpr const char* kSave =
    "UPDATE bugs.reports SET title = $3, body = $4, body_html = $5, status = $6, severity = $7, severity_rank = $8, "
    "affected_sha = NULLIF($9, ''), fixed_in = NULLIF($10, ''), duplicate_of = NULLIF($11::bigint, 0), env_library = "
    "$12, "
    "env_version = $13, env_hardware = $14, env_reproduction = $15, updated_at = now() "
    "WHERE repo_id = $1::uuid AND num = $2";
// The title and body weigh more than the comments in a match; comments keep their words.
constexpr const char* kReindex =
    "UPDATE bugs.reports r SET search = setweight(to_tsvector('english', r.title), 'A') || "
    "setweight(to_tsvector('english', r.body), 'B') || to_tsvector('english', COALESCE((SELECT string_agg(c.body, "
    "' ' ORDER BY c.seq) FROM bugs.comments c WHERE c.repo_id = r.repo_id AND c.num = r.num), '')) "
    "WHERE r.repo_id = $1::uuid AND r.num = $2";
constexpr const char* kCommentWords =
    "UPDATE bugs.reports SET search = search || to_tsvector('english', $3), comment_count = comment_count + 1, "
    "updated_at = now() WHERE repo_id = $1::uuid AND num = $2";

constexpr const char* kLockDuplicates = "SELECT pg_advisory_xact_lock(hashtext('bugs.duplicates:' || $1))";
constexpr const char* kDuplicateChain =
    "WITH RECURSIVE chain (num, depth) AS ("
    "  SELECT duplicate_of, 1 FROM bugs.reports WHERE repo_id = $1::uuid AND num = $2 AND duplicate_of IS NOT NULL"
    "  UNION ALL"
    "  SELECT r.duplicate_of, c.depth + 1 FROM chain c JOIN bugs.reports r ON r.repo_id = $1::uuid AND r.num = c.num"
    "  WHERE r.duplicate_of IS NOT NULL AND c.depth < $3"
    ") SELECT num FROM chain ORDER BY depth";

constexpr const char* kUnassign = "DELETE FROM bugs.assignees WHERE repo_id = $1::uuid AND num = $2";
constexpr const char* kAssign =
    "INSERT INTO bugs.assignees (repo_id, num, user_id, user_name, assigned_by) VALUES ($1::uuid, $2, $3::uuid, $4, "
    "$5)";

// The parts of a page's reports — labels (kind 1), assignees (2), linked pull requests (3) — in one
// statement rather than three, as rows of one shape: kind, num, then c1..c4 as each kind has them,
// ordered by kind, num, then the kind's own order (labels by name, the others as added) through the
// sort keys k0 and k1. With the repo's status counters (kind 0: c1 the count, c2 the status) ahead
// of them when a list asks: one round trip for all a page needs besides its rows.
#define HUB_BUGS_PARTS_OF                                                                                      \
  "SELECT 1 AS kind, rl.num, l.id AS c1, l.name AS c2, l.color AS c3, l.description AS c4, "                   \
  "NULL::timestamptz AS k0, lower(l.name) AS k1 FROM bugs.report_labels rl JOIN bugs.labels l ON "             \
  "l.id = rl.label_id WHERE rl.repo_id = $1::uuid AND rl.num = ANY($2::bigint[]) "                             \
  "UNION ALL SELECT 2, num, NULL, user_id::text, user_name, NULL, assigned_at, user_name FROM bugs.assignees " \
  "WHERE repo_id = $1::uuid AND num = ANY($2::bigint[]) "                                                      \
  "UNION ALL SELECT 3, num, pull_num, merge_commit, NULL, NULL, linked_at, NULL FROM bugs.report_pulls "       \
  "WHERE repo_id = $1::uuid AND num = ANY($2::bigint[]) "
constexpr const char* kPartsOf = HUB_BUGS_PARTS_OF "ORDER BY kind, num, k0, k1, c1";
constexpr const char* kCountsAndPartsOf =
    "SELECT 0 AS kind, NULL::bigint AS num, n AS c1, status AS c2, NULL AS c3, NULL AS c4, NULL::timestamptz AS k0, "
    "NULL AS k1 FROM bugs.status_counts WHERE repo_id = $1::uuid UNION ALL " HUB_BUGS_PARTS_OF
    "ORDER BY kind, num, k0, k1, c1";
#undef HUB_BUGS_PARTS_OF

constexpr const char* kCount =
    "INSERT INTO bugs.status_counts (repo_id, status, n) VALUES ($1::uuid, $2, $3) "
    "ON CONFLICT (repo_id, status) DO UPDATE SET n = bugs.status_counts.n + EXCLUDED.n";
// (A decrement only ever follows an increment of the same row; the check keeps it from going below 0.)
constexpr const char* kUncount = "UPDATE bugs.status_counts SET n = n + $3 WHERE repo_id = $1::uuid AND status = $2";
constexpr const char* kCounts = "SELECT status, n FROM bugs.status_counts WHERE repo_id = $1::uuid";

// The commits the repo's reports name (affected or fixing) whose ancestry to $2 is not known yet:
// empty once known bugs of that revision were asked for (both columns indexed per repo).
constexpr const char* kUnaskedCommits =
    "SELECT c.sha FROM (SELECT affected_sha AS sha FROM bugs.reports WHERE repo_id = $1::uuid AND affected_sha IS NOT "
    "NULL UNION SELECT fixed_in FROM bugs.reports WHERE repo_id = $1::uuid AND fixed_in IS NOT NULL) c "
    "WHERE c.sha <> $2 AND NOT EXISTS (SELECT 1 FROM bugs.ancestry a WHERE a.repo_id = $1::uuid AND a.descendant = $2 "
    "AND a.ancestor = c.sha)";

constexpr std::array<const char*, 5> kDeleteRepo = {
    "DELETE FROM bugs.reports WHERE repo_id = $1::uuid", "DELETE FROM bugs.labels WHERE repo_id = $1::uuid",
    "DELETE FROM bugs.status_counts WHERE repo_id = $1::uuid", "DELETE FROM bugs.templates WHERE repo_id = $1::uuid",
    "DELETE FROM bugs.ancestry WHERE repo_id = $1::uuid"};

#undef HUB_BUGS_TIME

ReportRow read_report(const pqxx::row& r) {
  ReportRow t;
  t.repo_id = r[0].as<std::string>();
  t.num = r[1].as<std::int64_t>();
  t.title = r[2].as<std::string>();
  t.body = r[3].as<std::string>();
  t.body_html = r[4].as<std::string>();
  t.status = parse_status(r[5].as<std::string>()).value_or(Status::kOpen);
  t.severity = parse_severity(r[6].as<std::string>()).value_or(Severity::kMedium);
  t.author = Person{r[7].as<std::string>(), r[8].as<std::string>()};
  t.affected_sha = r[9].as<std::string>();
  t.fixed_in = r[10].as<std::string>();
  if (!r[11].is_null()) t.duplicate_of = r[11].as<std::int64_t>();
  t.environment =
      Environment{r[12].as<std::string>(), r[13].as<std::string>(), r[14].as<std::string>(), r[15].as<std::string>()};
  t.created_at = r[16].as<std::string>();
  t.updated_at = r[17].as<std::string>();
  t.updated_us = r[18].as<std::int64_t>();
  t.comment_count = r[19].as<std::int64_t>();
  return t;
}

// (A report number is never 0, which stands for none.)
std::int64_t duplicate_param(const ReportRow& r) {
  return r.duplicate_of.value_or(0);
}

// Fragments of a list's WHERE clause, each with its parameters appended in order.
class Where {
 public:
  explicit Where(const std::string& repo_id) { params_.push_back(repo_id); }
  // The placeholder of the next parameter (`later` more for the ones after it).
  std::string next(std::size_t later = 0) const { return "$" + std::to_string(params_.size() + 1 + later); }
  void add(const std::string& condition, std::initializer_list<std::string> values) {
    sql_ += " AND " + condition;
    params_.insert(params_.end(), values);
  }
  const std::string& sql() const { return sql_; }
  std::vector<std::string>& params() { return params_; }

 private:
  std::string sql_ = "r.repo_id = $1::uuid";
  std::vector<std::string> params_;
};

// A PostgreSQL array literal of values that need no quoting (names of statuses, numbers, shas).
template <class Range, class Text>
std::string array_of(const Range& values, Text text) {
  std::string out = "{";
  for (const auto& v : values)
    out += (out.size() > 1 ? "," : "") + std::string(text(v));
  return out + "}";
}

void add_filters(Where& f, const ListQuery& q, const std::string* in_history_of) {
  if (!q.statuses.empty()) {
    f.add("r.status = ANY(" + f.next() + "::text[])", {array_of(q.statuses, status_name)});
  }
  if (!q.severities.empty()) {
    f.add("r.severity_rank = ANY(" + f.next() + "::smallint[])",
          {array_of(q.severities, [](Severity s) { return std::to_string(severity_rank(s)); })});
  }
  for (const auto& label : q.labels) {
    f.add(
        "EXISTS (SELECT 1 FROM bugs.report_labels rl JOIN bugs.labels l ON l.id = rl.label_id "
        "WHERE rl.repo_id = r.repo_id AND rl.num = r.num AND lower(l.name) = lower(" +
            f.next() + "))",
        {label});
  }
  if (!q.assignee.empty()) {
    f.add(
        "EXISTS (SELECT 1 FROM bugs.assignees a WHERE a.repo_id = r.repo_id AND a.num = r.num "
        "AND lower(a.user_name) = lower(" +
            f.next() + "))",
        {q.assignee});
  }
  if (!q.author.empty()) f.add("lower(r.author_name) = lower(" + f.next() + ")", {q.author});
  if (!q.q.empty()) f.add("r.search @@ plainto_tsquery('english', " + f.next() + ")", {q.q});
  if (in_history_of != nullptr) {
    // The commit and its ancestors among the named ones, from bugs.ancestry: a small set PostgreSQL
    // hashes once, whatever the plan (an array of ~1,000 shas bound twice made the generic plan
    // probe an index per element).
    const std::string c = f.next();
    const std::string history = "(SELECT " + c +
                                "::text UNION ALL SELECT a.ancestor FROM bugs.ancestry a WHERE a.repo_id = $1::uuid "
                                "AND a.descendant = " +
                                c + " AND a.is_ancestor)";
    f.add("r.affected_sha IN " + history + " AND (r.fixed_in IS NULL OR r.fixed_in NOT IN " + history + ")",
          {*in_history_of});
  }
}

std::string nums_array(const std::vector<ReportRow>& reports) {
  return array_of(reports, [](const ReportRow& r) { return std::to_string(r.num); });
}

}  // namespace

ReportRow insert_report(pqxx::work& tx, ReportRow t) {
  auto r = db::exec_statement(
      tx, kInsert, t.repo_id, t.num, t.title, t.body, t.body_html, std::string(status_name(t.status)),
      std::string(severity_name(t.severity)), severity_rank(t.severity), t.author.id, t.author.name, t.affected_sha,
      t.environment.library, t.environment.library_version, t.environment.hardware, t.environment.reproduction)[0];
  t.created_at = r[0].as<std::string>();
  t.updated_at = r[1].as<std::string>();
  t.updated_us = r[2].as<std::int64_t>();
  return t;
}

std::optional<ReportRow> find_report(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                     bool lock) {
  const std::string sql = std::string("SELECT ") + kColumns +
                          " FROM bugs.reports r WHERE r.repo_id = $1::uuid AND r.num = $2" +
                          (lock ? " FOR UPDATE" : "");
  auto rows = db::exec_statement(tx, sql, repo_id, num);
  if (rows.empty()) return std::nullopt;
  return read_report(rows[0]);
}

std::optional<ReportRow> find_full_report(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                          bool lock) {
  auto report = find_report(tx, repo_id, num, lock);
  if (!report) return std::nullopt;
  std::vector<ReportRow> one{std::move(*report)};
  attach_parts(tx, repo_id, one);
  return std::move(one.front());
}

bool report_exists(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num) {
  return !db::exec_statement(tx, kExists, repo_id, num).empty();
}

void save_report(pqxx::work& tx, const ReportRow& t, bool text_changed) {
  db::exec_statement(tx, kSave, t.repo_id, t.num, t.title, t.body, t.body_html, std::string(status_name(t.status)),
                     std::string(severity_name(t.severity)), severity_rank(t.severity), t.affected_sha, t.fixed_in,
                     duplicate_param(t), t.environment.library, t.environment.library_version, t.environment.hardware,
                     t.environment.reproduction);
  if (text_changed) db::exec_statement(tx, kReindex, t.repo_id, t.num);
}

void add_comment_words(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& text) {
  db::exec_statement(tx, kCommentWords, repo_id, num, text);
}

void lock_duplicate_links(pqxx::work& tx, const std::string& repo_id) {
  db::exec_statement(tx, kLockDuplicates, repo_id);
}

std::vector<std::int64_t> duplicate_chain(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t start,
                                          std::size_t max_depth) {
  std::vector<std::int64_t> out;
  for (const auto& r : db::exec_statement(tx, kDuplicateChain, repo_id, start, static_cast<std::int64_t>(max_depth)))
    out.push_back(r[0].as<std::int64_t>());
  return out;
}

void set_assignees(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::vector<Person>& people,
                   const std::string& assigned_by) {
  db::exec_statement(tx, kUnassign, repo_id, num);
  for (const auto& p : people)
    db::exec_statement(tx, kAssign, repo_id, num, p.id, p.name, assigned_by);
}

namespace {

// Reads the rows of kPartsOf or kCountsAndPartsOf into the reports (and the counts, when asked).
void read_parts(const pqxx::result& rows, std::vector<ReportRow>& reports, std::map<Status, std::int64_t>* counts) {
  std::map<std::int64_t, ReportRow*> by_num;
  for (auto& r : reports)
    by_num[r.num] = &r;
  for (const auto& row : rows) {
    const int kind = row[0].as<int>();
    if (kind == 0) {
      if (counts == nullptr) continue;
      if (auto s = parse_status(row[3].as<std::string>())) (*counts)[*s] = row[2].as<std::int64_t>();
      continue;
    }
    auto it = by_num.find(row[1].as<std::int64_t>());
    if (it == by_num.end()) continue;
    ReportRow& report = *it->second;
    if (kind == 1) {
      report.labels.push_back(LabelRow{row[2].as<std::int64_t>(), row[3].as<std::string>(), row[4].as<std::string>(),
                                       row[5].as<std::string>(), 0});
    } else if (kind == 2) {
      report.assignees.push_back(Person{row[3].as<std::string>(), row[4].as<std::string>()});
    } else if (kind == 3) {
      report.pulls.push_back(PullLink{row[2].as<std::int64_t>(), row[3].as<std::string>()});
    }
  }
}

std::map<Status, std::int64_t> zero_counts() {
  std::map<Status, std::int64_t> out;
  for (Status s : all_statuses())
    out[s] = 0;
  return out;
}

}  // namespace

void attach_parts(pqxx::transaction_base& tx, const std::string& repo_id, std::vector<ReportRow>& reports) {
  if (reports.empty()) return;
  read_parts(db::exec_statement(tx, kPartsOf, repo_id, nums_array(reports)), reports, nullptr);
}

std::map<Status, std::int64_t> attach_parts_and_count(pqxx::transaction_base& tx, const std::string& repo_id,
                                                      std::vector<ReportRow>& reports) {
  std::map<Status, std::int64_t> counts = zero_counts();
  read_parts(db::exec_statement(tx, kCountsAndPartsOf, repo_id, nums_array(reports)), reports, &counts);
  return counts;
}

void count_status(pqxx::work& tx, const std::string& repo_id, Status status, int delta) {
  db::exec_statement(tx, delta > 0 ? kCount : kUncount, repo_id, std::string(status_name(status)), delta);
}

std::map<Status, std::int64_t> status_counts(pqxx::transaction_base& tx, const std::string& repo_id) {
  std::map<Status, std::int64_t> out = zero_counts();
  for (const auto& r : db::exec_statement(tx, kCounts, repo_id)) {
    if (auto s = parse_status(r[0].as<std::string>())) out[*s] = r[1].as<std::int64_t>();
  }
  return out;
}

std::vector<ReportRow> list_reports(pqxx::transaction_base& tx, const std::string& repo_id, const ListQuery& query,
                                    const std::string* in_history_of, std::int64_t limit) {
  Where f(repo_id);
  add_filters(f, query, in_history_of);
  std::string order;
  const auto& after = query.after;
  switch (query.sort) {
    case Sort::kNewest:
      order = " ORDER BY r.num DESC";
      if (after) f.add("r.num < " + f.next() + "::bigint", {std::to_string(after->num)});
      break;
    case Sort::kOldest:
      order = " ORDER BY r.num ASC";
      if (after) f.add("r.num > " + f.next() + "::bigint", {std::to_string(after->num)});
      break;
    case Sort::kRecentlyUpdated:
      order = " ORDER BY r.updated_at DESC, r.num DESC";
      if (after) {
        f.add("(r.updated_at, r.num) < ('epoch'::timestamptz + " + f.next() + "::bigint * interval '1 microsecond', " +
                  f.next(1) + "::bigint)",
              {std::to_string(after->key), std::to_string(after->num)});
      }
      break;
    case Sort::kSeverity:
      // Most severe first, newest first within a severity.
      order = " ORDER BY r.severity_rank ASC, r.num DESC";
      if (after) {
        const std::string rank = f.next() + "::smallint";
        const std::string num = f.next(1) + "::bigint";
        f.add("(r.severity_rank > " + rank + " OR (r.severity_rank = " + rank + " AND r.num < " + num + "))",
              {std::to_string(after->key), std::to_string(after->num)});
      }
      break;
  }
  std::string sql = std::string("SELECT ") + kListColumns + " FROM bugs.reports r WHERE " + f.sql() + order;
  sql += " LIMIT " + f.next() + "::bigint";
  f.params().push_back(std::to_string(limit));
  std::vector<ReportRow> out;
  for (const auto& r : db::exec_statement(tx, sql, pqxx::prepare::make_dynamic_params(f.params())))
    out.push_back(read_report(r));
  return out;
}

std::vector<std::string> unasked_commits(pqxx::transaction_base& tx, const std::string& repo_id,
                                         const std::string& commit) {
  std::vector<std::string> out;
  for (const auto& r : db::exec_statement(tx, kUnaskedCommits, repo_id, commit))
    out.push_back(r[0].as<std::string>());
  return out;
}

void delete_repo_reports(pqxx::work& tx, const std::string& repo_id) {
  for (const char* sql : kDeleteRepo)
    db::exec_statement(tx, sql, repo_id);
}

}  // namespace hub::bugs

#include "services/bugs/store/timeline_store.hpp"

#include "common/db/prepared.hpp"

namespace hub::bugs {
namespace {

#define HUB_BUGS_TIME(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

constexpr const char* kInsertComment =
    "INSERT INTO bugs.comments (id, repo_id, num, author_id, author_name, body, body_html) "
    "VALUES ($1::uuid, $2::uuid, $3, NULLIF($4, '')::uuid, $5, $6, $7) RETURNING seq, " HUB_BUGS_TIME("created_at");
constexpr const char* kInsertTransition =
    "INSERT INTO bugs.transitions (id, repo_id, num, actor_id, actor_name, from_status, to_status, duplicate_of, "
    "fixed_in, pull_num) VALUES ($1::uuid, $2::uuid, $3, NULLIF($4, '')::uuid, $5, $6, $7, NULLIF($8::bigint, 0), "
    "NULLIF($9, ''), NULLIF($10::bigint, 0)) RETURNING seq, " HUB_BUGS_TIME("created_at");

// Both kinds in one order; the columns a kind lacks are null or empty.
constexpr const char* kTimeline =
    "SELECT * FROM ("
    "  SELECT 'c' AS kind, id::text, seq, COALESCE(author_id::text, ''), author_name, " HUB_BUGS_TIME("created_at")
    "    AS at, body, body_html, '' AS from_status, '' AS to_status, NULL::bigint AS duplicate_of, '' AS fixed_in,"
    "    NULL::bigint AS pull_num FROM bugs.comments WHERE repo_id = $1::uuid AND num = $2 AND seq > $3"
    "  UNION ALL"
    "  SELECT 't', id::text, seq, COALESCE(actor_id::text, ''), actor_name, " HUB_BUGS_TIME("created_at")
    "    , '', '', from_status, to_status, duplicate_of, COALESCE(fixed_in, ''), pull_num"
    "    FROM bugs.transitions WHERE repo_id = $1::uuid AND num = $2 AND seq > $3"
    ") entries ORDER BY seq LIMIT $4";

constexpr const char* kFindComment =
    "SELECT 'c', id::text, seq, COALESCE(author_id::text, ''), author_name, " HUB_BUGS_TIME("created_at")
    ", body, body_html, '', '', NULL::bigint, '', NULL::bigint FROM bugs.comments "
    "WHERE repo_id = $1::uuid AND num = $2 AND id = $3::uuid";

constexpr const char* kLinkPull =
    "INSERT INTO bugs.report_pulls (repo_id, num, pull_num, merge_commit, event_id) "
    "VALUES ($1::uuid, $2, $3, $4, $5::uuid) ON CONFLICT DO NOTHING";

#undef HUB_BUGS_TIME

TimelineEntry read_entry(const pqxx::row& r) {
  TimelineEntry e;
  e.kind = r[0].as<std::string>() == "c" ? TimelineEntry::Kind::kComment : TimelineEntry::Kind::kTransition;
  e.id = r[1].as<std::string>();
  e.seq = r[2].as<std::int64_t>();
  e.actor = Person{r[3].as<std::string>(), r[4].as<std::string>()};
  e.created_at = r[5].as<std::string>();
  e.body = r[6].as<std::string>();
  e.body_html = r[7].as<std::string>();
  if (e.kind == TimelineEntry::Kind::kTransition) {
    e.from = parse_status(r[8].as<std::string>()).value_or(Status::kOpen);
    e.to = parse_status(r[9].as<std::string>()).value_or(Status::kOpen);
    if (!r[10].is_null()) e.duplicate_of = r[10].as<std::int64_t>();
    e.fixed_in = r[11].as<std::string>();
    if (!r[12].is_null()) e.pull_num = r[12].as<std::int64_t>();
  }
  return e;
}

}  // namespace

TimelineEntry insert_comment(pqxx::work& tx, const std::string& repo_id, std::int64_t num, TimelineEntry c) {
  auto r = db::exec_statement(tx, kInsertComment, c.id, repo_id, num, c.actor.id, c.actor.name, c.body, c.body_html)[0];
  c.kind = TimelineEntry::Kind::kComment;
  c.seq = r[0].as<std::int64_t>();
  c.created_at = r[1].as<std::string>();
  return c;
}

TimelineEntry insert_transition(pqxx::work& tx, const std::string& repo_id, std::int64_t num, TimelineEntry t) {
  auto r = db::exec_statement(tx, kInsertTransition, t.id, repo_id, num, t.actor.id, t.actor.name,
                              std::string(status_name(t.from)), std::string(status_name(t.to)),
                              t.duplicate_of.value_or(0), t.fixed_in, t.pull_num.value_or(0))[0];
  t.kind = TimelineEntry::Kind::kTransition;
  t.seq = r[0].as<std::int64_t>();
  t.created_at = r[1].as<std::string>();
  return t;
}

std::vector<TimelineEntry> list_timeline(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                         std::int64_t after_seq, std::int64_t limit) {
  std::vector<TimelineEntry> out;
  for (const auto& r : db::exec_statement(tx, kTimeline, repo_id, num, after_seq, limit))
    out.push_back(read_entry(r));
  return out;
}

std::optional<TimelineEntry> find_comment(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                          const std::string& id) {
  auto rows = db::exec_statement(tx, kFindComment, repo_id, num, id);
  if (rows.empty()) return std::nullopt;
  return read_entry(rows[0]);
}

bool link_pull(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const PullLink& pull,
               const std::string& event_id) {
  return db::exec_statement(tx, kLinkPull, repo_id, num, pull.num, pull.merge_commit, event_id).affected_rows() > 0;
}

}  // namespace hub::bugs

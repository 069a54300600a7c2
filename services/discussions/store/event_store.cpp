#include "services/discussions/store/event_store.hpp"

#include <map>

#include "common/db/prepared.hpp"

namespace hub::discussions {
namespace {

// $8: a comment's words for q= ("" for other events: no words, search stays NULL).
constexpr const char* kInsert =
    "INSERT INTO discussions.thread_events (id, repo_id, num, type, author_id, author_name, data, search) "
    "VALUES ($1::uuid, $2::uuid, $3, $4, NULLIF($5, '')::uuid, $6, $7::jsonb, to_tsvector('english', NULLIF($8, ''))) "
    "RETURNING seq, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

constexpr const char* kInsertVersion =
    "INSERT INTO discussions.comment_versions (comment_id, version, raw, html, author_id, author_name) "
    "VALUES ($1::uuid, $2, $3, $4, NULLIF($5, '')::uuid, $6)";
constexpr const char* kIndexWords =
    "UPDATE discussions.thread_events SET search = to_tsvector('english', $2) WHERE id = $1::uuid";

constexpr const char* kHasCommit =
    "SELECT 1 FROM discussions.thread_events WHERE repo_id = $1::uuid AND num = $2 AND type = 'commit' "
    "AND data ->> 'oid' = $3";

constexpr const char* kEventColumns =
    "id::text, repo_id::text, num, seq, type, COALESCE(author_id::text, ''), author_name, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), data::text, hidden";

constexpr const char* kVersionsOf =
    "SELECT comment_id::text, raw, html, author_name, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
    "FROM discussions.comment_versions WHERE comment_id = ANY($1::uuid[]) ORDER BY comment_id, version";
constexpr const char* kReactionsOf =
    "SELECT comment_id::text, emoji, user_name FROM discussions.comment_reactions "
    "WHERE comment_id = ANY($1::uuid[]) ORDER BY comment_id, emoji, created_at, user_name";

constexpr const char* kHide =
    "UPDATE discussions.thread_events SET hidden = true, hidden_by = $2, search = NULL WHERE id = $1::uuid";
constexpr const char* kForgetVersions = "DELETE FROM discussions.comment_versions WHERE comment_id = $1::uuid";
// The comment's words also leave the events that carried them (those the relay has published are
// the consumers' to forget, from the hide's own event).
constexpr const char* kScrubEvents =
    "UPDATE discussions.outbox SET payload = payload #- '{data,comment,content}' "
    "WHERE type IN ('discussion.comment.created', 'discussion.comment.updated') "
    "AND payload -> 'data' -> 'comment' ->> 'id' = $1";
constexpr const char* kForgetReactions = "DELETE FROM discussions.comment_reactions WHERE comment_id = $1::uuid";

constexpr const char* kReact =
    "INSERT INTO discussions.comment_reactions (comment_id, emoji, user_id, user_name) "
    "VALUES ($1::uuid, $2, $3::uuid, $4) ON CONFLICT DO NOTHING";
constexpr const char* kUnreact =
    "DELETE FROM discussions.comment_reactions WHERE comment_id = $1::uuid AND emoji = $2 AND user_id = $3::uuid";

EventRow read_event(const pqxx::row& r) {
  EventRow e;
  e.id = r[0].as<std::string>();
  e.repo_id = r[1].as<std::string>();
  e.num = r[2].as<std::int64_t>();
  e.seq = r[3].as<std::int64_t>();
  e.type = parse_event_type(r[4].as<std::string>()).value_or(EventType::kComment);
  e.author_id = r[5].as<std::string>();
  e.author_name = r[6].as<std::string>();
  e.created_at = r[7].as<std::string>();
  e.data = r[8].as<std::string>();
  e.hidden = r[9].as<bool>();
  return e;
}

std::string uuid_array(const std::vector<EventRow>& events) {
  std::string array = "{";
  bool first = true;
  for (const auto& e : events) {
    if (e.type != EventType::kComment) continue;
    array += (first ? "" : ",") + e.id;
    first = false;
  }
  return array + "}";
}

// Fills the comments' versions and reactions, two queries for the whole page.
void attach_comment_parts(pqxx::transaction_base& tx, std::vector<EventRow>& events) {
  const std::string ids = uuid_array(events);
  if (ids == "{}") return;
  std::map<std::string, EventRow*> by_id;
  for (auto& e : events)
    by_id[e.id] = &e;
  for (const auto& r : db::exec_statement(tx, kVersionsOf, ids)) {
    auto it = by_id.find(r[0].as<std::string>());
    if (it == by_id.end()) continue;
    it->second->versions.push_back(
        CommentVersion{r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>(), r[4].as<std::string>()});
  }
  for (const auto& r : db::exec_statement(tx, kReactionsOf, ids)) {
    auto it = by_id.find(r[0].as<std::string>());
    if (it == by_id.end()) continue;
    auto& reactions = it->second->reactions;
    const std::string emoji = r[1].as<std::string>();
    if (reactions.empty() || reactions.back().emoji != emoji) reactions.push_back(Reaction{emoji, {}});
    reactions.back().users.push_back(r[2].as<std::string>());
  }
}

}  // namespace

EventRow insert_event(pqxx::work& tx, EventRow event, const std::string& words) {
  auto r = db::exec_statement(tx, kInsert, event.id, event.repo_id, event.num, std::string(event_type_name(event.type)),
                              event.author_id, event.author_name, event.data, words)[0];
  event.seq = r[0].as<std::int64_t>();
  event.created_at = r[1].as<std::string>();
  return event;
}

void insert_version(pqxx::work& tx, const std::string& comment_id, int version, const std::string& raw,
                    const std::string& html, const std::string& author_id, const std::string& author_name) {
  db::exec_statement(tx, kInsertVersion, comment_id, version, raw, html, author_id, author_name);
  // The first version's words went in with its event (insert_event); an edit's replace them.
  if (version > 1) db::exec_statement(tx, kIndexWords, comment_id, raw);
}

bool has_commit(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num, const std::string& oid) {
  return !db::exec_statement(tx, kHasCommit, repo_id, num, oid).empty();
}

std::vector<EventRow> list_events(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                  std::int64_t after_seq, std::int64_t limit) {
  const std::string sql = std::string("SELECT ") + kEventColumns +
                          " FROM discussions.thread_events WHERE repo_id = $1::uuid AND num = $2 AND seq > $3 "
                          "ORDER BY seq LIMIT $4";
  std::vector<EventRow> out;
  for (const auto& r : db::exec_statement(tx, sql, repo_id, num, after_seq, limit))
    out.push_back(read_event(r));
  attach_comment_parts(tx, out);
  return out;
}

std::optional<EventRow> find_event(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                   const std::string& id, bool lock) {
  const std::string sql = std::string("SELECT ") + kEventColumns +
                          " FROM discussions.thread_events WHERE repo_id = $1::uuid AND num = $2 AND id = $3::uuid" +
                          (lock ? " FOR UPDATE" : "");
  auto rows = db::exec_statement(tx, sql, repo_id, num, id);
  if (rows.empty()) return std::nullopt;
  std::vector<EventRow> one{read_event(rows[0])};
  attach_comment_parts(tx, one);
  return std::move(one.front());
}

void hide_comment(pqxx::work& tx, const std::string& comment_id, const std::string& by) {
  db::exec_statement(tx, kHide, comment_id, by);
  db::exec_statement(tx, kForgetVersions, comment_id);
  db::exec_statement(tx, kForgetReactions, comment_id);
  db::exec_statement(tx, kScrubEvents, comment_id);
}

bool add_reaction(pqxx::work& tx, const std::string& comment_id, const std::string& emoji, const std::string& user_id,
                  const std::string& user_name) {
  return db::exec_statement(tx, kReact, comment_id, emoji, user_id, user_name).affected_rows() > 0;
}

bool remove_reaction(pqxx::work& tx, const std::string& comment_id, const std::string& emoji,
                     const std::string& user_id) {
  return db::exec_statement(tx, kUnreact, comment_id, emoji, user_id).affected_rows() > 0;
}

}  // namespace hub::discussions

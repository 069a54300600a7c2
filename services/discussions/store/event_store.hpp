#pragma once
// SQL over a thread's events, the versions of its comments and their reactions.
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/discussions/domain/records.hpp"

namespace hub::discussions {

// Inserts the event (a fresh id is the caller's) and returns it as stored (seq, created_at). A new
// comment's `words` (its first version's text) are indexed for q= in the same row.
EventRow insert_event(pqxx::work& tx, EventRow event, const std::string& words = {});
// A version of a comment; from the second on, its words for q= replace the earlier ones.
void insert_version(pqxx::work& tx, const std::string& comment_id, int version, const std::string& raw,
                    const std::string& html, const std::string& author_id, const std::string& author_name);
// Whether a commit event for `oid` was recorded in the thread already.
bool has_commit(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num, const std::string& oid);

// A thread's events in order, after `after_seq`, `limit` at most, with their comments' versions and
// reactions.
std::vector<EventRow> list_events(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                  std::int64_t after_seq, std::int64_t limit);
// One event of the thread (locked for a change when `lock`), with versions and reactions.
std::optional<EventRow> find_event(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                   const std::string& id, bool lock = false);

// Hides a comment for good: its versions (every word of it) are deleted, and its words leave search
// and the outbox's events.
void hide_comment(pqxx::work& tx, const std::string& comment_id, const std::string& by);

// Adds the reaction; false when the user had it already.
bool add_reaction(pqxx::work& tx, const std::string& comment_id, const std::string& emoji, const std::string& user_id,
                  const std::string& user_name);
// Removes it; false when there was none.
bool remove_reaction(pqxx::work& tx, const std::string& comment_id, const std::string& emoji,
                     const std::string& user_id);

}  // namespace hub::discussions

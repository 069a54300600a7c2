#pragma once
// SQL over a report's timeline (bugs.comments and bugs.transitions, one order between them) and the
// merged pull requests linked to it (bugs.report_pulls).
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/bugs/domain/records.hpp"

namespace hub::bugs {

// Inserts the entry (a fresh id is the caller's) and returns it as stored (seq, created_at).
TimelineEntry insert_comment(pqxx::work& tx, const std::string& repo_id, std::int64_t num, TimelineEntry comment);
TimelineEntry insert_transition(pqxx::work& tx, const std::string& repo_id, std::int64_t num, TimelineEntry transition);

// The report's comments and transitions in order, after `after_seq`, `limit` at most.
std::vector<TimelineEntry> list_timeline(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                         std::int64_t after_seq, std::int64_t limit);

std::optional<TimelineEntry> find_comment(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                          const std::string& id);

// Links a merged pull request to the report, once: false when it was linked already.
bool link_pull(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const PullLink& pull,
               const std::string& event_id);

}  // namespace hub::bugs

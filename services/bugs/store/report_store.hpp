#pragma once
// SQL over bugs.reports, bugs.assignees and bugs.status_counts: reports, their lists (keyset
// pages with filters and full-text search), their duplicate chains, who they are assigned to, and
// the counters of each status.
#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/bugs/domain/list_query.hpp"
#include "services/bugs/domain/records.hpp"

namespace hub::bugs {

// A new report (its status counted separately): created_at and updated_at as stored.
ReportRow insert_report(pqxx::work& tx, ReportRow report);
// `lock`: FOR UPDATE, for a change to the report. Without labels, assignees and pull requests
// (attach_parts fills them).
std::optional<ReportRow> find_report(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                     bool lock = false);
// find_report with its labels, assignees and linked pull requests.
std::optional<ReportRow> find_full_report(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                          bool lock = false);
bool report_exists(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num);
// Writes every field a change may touch (title, body, status, severity, revisions, duplicate,
// environment) and updated_at = now(); the words of title and body are indexed again when
// `text_changed`.
void save_report(pqxx::work& tx, const ReportRow& report, bool text_changed);
// A comment's words join the report's, which counts it and is touched.
void add_comment_words(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& text);

// Serializes the changes of a repo's duplicate links (two reports marked duplicates of each other
// at once would make a cycle neither saw), until the transaction ends.
void lock_duplicate_links(pqxx::work& tx, const std::string& repo_id);
// The reports `start`'s duplicateOf leads to, in order, at most `max_depth` of them.
std::vector<std::int64_t> duplicate_chain(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t start,
                                          std::size_t max_depth);

void set_assignees(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::vector<Person>& people,
                   const std::string& assigned_by);

// Fills labels, assignees and linked pull requests of the reports, one query for the lot.
void attach_parts(pqxx::transaction_base& tx, const std::string& repo_id, std::vector<ReportRow>& reports);
// attach_parts and status_counts in the same round trip, for a page of the list.
std::map<Status, std::int64_t> attach_parts_and_count(pqxx::transaction_base& tx, const std::string& repo_id,
                                                      std::vector<ReportRow>& reports);

// The counter of (repo, status) moved by `delta`.
void count_status(pqxx::work& tx, const std::string& repo_id, Status status, int delta);
// Every status's count for the repo (0 for those without a row).
std::map<Status, std::int64_t> status_counts(pqxx::transaction_base& tx, const std::string& repo_id);

// One page of the list, after `query.after` when set; `limit` rows at most. `in_history_of`, for a
// list with `affects`: the revision's commit; a report affects it when its affected commit is that
// commit or one of its ancestors and its fixing commit is neither (bugs.ancestry must know every
// named commit's answer for it: unasked_commits).
std::vector<ReportRow> list_reports(pqxx::transaction_base& tx, const std::string& repo_id, const ListQuery& query,
                                    const std::string* in_history_of, std::int64_t limit);

// The distinct commits the repo's reports name as affected or fixing whose ancestry to `commit`
// bugs.ancestry does not know yet (none once known bugs of that commit were asked for).
std::vector<std::string> unasked_commits(pqxx::transaction_base& tx, const std::string& repo_id,
                                         const std::string& commit);

// Every report of a deleted repo, with what hangs off them (cascade), its counters and labels.
void delete_repo_reports(pqxx::work& tx, const std::string& repo_id);

}  // namespace hub::bugs

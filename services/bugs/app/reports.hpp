#pragma once
// The use cases of a repo's bug reports: each checks who may act, asks its peers (repos for a number
// and for commits, auth for assignees, discussions for links) before its one transaction, and writes
// its counters and its outbox events in that transaction.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/http/idempotency.hpp"
#include "common/service/service.hpp"
#include "services/bugs/app/peers.hpp"
#include "services/bugs/app/place.hpp"
#include "services/bugs/domain/list_query.hpp"
#include "services/bugs/domain/records.hpp"

namespace hub::bugs {

using http::IdempotencyKey;

// At most this many people on one report.
inline constexpr std::size_t kMaxAssignees = 10;

struct NewReport {
  std::string title;                               // checked, before the template's prefix
  std::optional<std::string> body;                 // checked; nullopt: the template's
  std::optional<Severity> severity;                // nullopt: the template's
  std::optional<std::vector<std::string>> labels;  // checked names; nullopt: the template's
  std::vector<std::string> assignees;              // names
  std::string affected_revision;                   // a branch, tag or commit as given; "" for none
  Environment environment;                         // checked
};
// The new report, with its labels and assignees. Labels and assignees given take the write role;
// 400 for a label the repo lacks, an assignee who cannot read the repo, a revision not in the repo.
ReportRow file_report(service::Context& ctx, const Peers& peers, const Place& place, const access::Identity* who,
                      const NewReport& report, const IdempotencyKey* idem, const std::string& request_id);

// What a PATCH asks to change (only what is set).
struct ReportChange {
  std::optional<std::string> title;  // checked
  std::optional<std::string> body;   // checked
  std::optional<Environment> environment;
  std::optional<std::string> affected_revision;  // as given; "" clears it
  std::optional<Severity> severity;
  std::optional<std::vector<std::string>> labels;     // the whole set, checked names
  std::optional<std::vector<std::string>> assignees;  // the whole set, names
  std::optional<Status> status;
  std::optional<std::int64_t> duplicate_of;  // with status duplicate (or to re-point a duplicate)
  std::optional<std::string> fixed_in;       // as given; "" clears it

  bool empty() const {
    return !title && !body && !environment && !affected_revision && !severity && !labels && !assignees && !status &&
           !duplicate_of && !fixed_in;
  }
};
// The report after the change. 403 for a field the caller may not change, 409 for a move the
// lifecycle lacks or a duplicate cycle, 400 for bad references; nothing is stored on any refusal.
ReportRow change_report(service::Context& ctx, const Peers& peers, const Place& place, const access::Identity* who,
                        std::int64_t num, const ReportChange& change, const std::string& request_id);

struct ReportDetails {
  ReportRow report;
  std::vector<TimelineEntry> timeline;
  bool more = false;  // entries after these
};
// 404 for a number that is not a bug report of the repo.
ReportDetails report_details(service::Context& ctx, const Place& place, std::int64_t num, std::int64_t after_seq,
                             std::int64_t limit);

TimelineEntry comment_on(service::Context& ctx, const Peers& peers, const Place& place, const access::Identity* who,
                         std::int64_t num, const std::string& text, const IdempotencyKey* idem,
                         const std::string& request_id);

struct ReportPage {
  std::vector<ReportRow> reports;
  std::map<Status, std::int64_t> counts;  // the repo's, by status (counter rows)
  std::optional<Position> next;           // where the next page starts; nullopt on the last
  std::string commit;                     // the commit `affects` named ("" without it)
};
// With `affects`: 404 RevisionNotFound for a revision the repo lacks.
ReportPage list_reports(service::Context& ctx, const Peers& peers, const Place& place, const ListQuery& query,
                        const std::string& request_id);

}  // namespace hub::bugs

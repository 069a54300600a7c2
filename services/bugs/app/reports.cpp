#include "services/bugs/app/reports.hpp"

#include <algorithm>

#include "common/db/idempotency.hpp"
#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/service/repo_numbers.hpp"
#include "common/service/repo_people.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/bugs/app/bug_events.hpp"
#include "services/bugs/app/known_bugs.hpp"
#include "services/bugs/app/permissions.hpp"
#include "services/bugs/app/rendering.hpp"
#include "services/bugs/app/repos_client.hpp"
#include "services/bugs/domain/label.hpp"
#include "services/bugs/store/label_store.hpp"
#include "services/bugs/store/repo_store.hpp"
#include "services/bugs/store/report_store.hpp"
#include "services/bugs/store/timeline_store.hpp"

namespace hub::bugs {
namespace {

constexpr std::string_view kSchema = "bugs";
// How far a duplicate chain is followed for a cycle (a longer chain is refused as one).
constexpr std::size_t kMaxDuplicateChain = 100;

ApiError no_report(std::int64_t num) {
  return ApiError(ErrorCode::kNotFound, "no bug report #" + std::to_string(num) + " in this repo");
}

// With its labels, assignees and pull requests; `lock` for a change.
ReportRow report_with_parts(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                            bool lock = false) {
  auto report = find_full_report(tx, repo_id, num, lock);
  if (!report) throw no_report(num);
  return std::move(*report);
}

ReportRow locked_report(pqxx::work& tx, const Place& place, std::int64_t num) {
  return report_with_parts(tx, place.repo_id, num, true);
}

// The commit a revision given in a body names: 400 (not 404: the request is about a report, and the
// field is what is wrong) for one the repo lacks.
std::string commit_of(const Peers& peers, const Place& place, const std::string& revision, std::string_view field,
                      const std::string& request_id) {
  const bool printable = std::all_of(revision.begin(), revision.end(),
                                     [](char c) { return static_cast<unsigned char>(c) > 0x20 && c != 0x7f; });
  if (revision.empty() || revision.size() > 255 || !printable) {
    throw ApiError(ErrorCode::kBadRequest, std::string(field) + " is a branch, tag or commit of the repo");
  }
  try {
    return resolve_commit(*peers.repos, place.repo_id, revision, request_id);
  } catch (const ApiError& e) {
    if (e.code() != ErrorCode::kRevisionNotFound && e.code() != ErrorCode::kBadRequest) throw;
    throw ApiError(ErrorCode::kBadRequest, std::string(field) + " " + util::header_safe(revision, 100) +
                                               " is not a branch, tag or commit of this repo");
  }
}

// The people these names are, each of whom may read the repo now (auth says): 400 for anyone else.
std::vector<Person> readers_named(const Peers& peers, const Place& place, const std::vector<std::string>& names,
                                  const std::string& request_id) {
  if (names.empty()) return {};
  if (names.size() > kMaxAssignees) {
    throw ApiError(ErrorCode::kBadRequest, "a report has at most " + std::to_string(kMaxAssignees) + " assignees");
  }
  service::PeopleQuery query;
  query.user_names = names;
  const service::People people = service::people_on_repo(*peers.auth, place, query, request_id);
  std::vector<Person> out;
  for (const auto& name : names) {
    const auto found = std::find_if(people.users.begin(), people.users.end(),
                                    [&](const service::PersonRole& p) { return util::iequals(p.name, name); });
    if (found == people.users.end() || found->role < access::Role::kRead) {
      throw ApiError(ErrorCode::kBadRequest,
                     "assignee " + util::header_safe(name, 100) + " is not someone who can read this repo");
    }
    if (std::none_of(out.begin(), out.end(), [&](const Person& p) { return p.id == found->id; })) {
      out.push_back(Person{found->id, found->name});
    }
  }
  return out;
}

// The repo's labels of these names; 400 naming the first it lacks (another repo's label is no label
// of this one).
std::vector<LabelRow> labels_required(pqxx::transaction_base& tx, const std::string& repo_id,
                                      const std::vector<std::string>& names) {
  if (names.size() > kMaxLabelsPerReport) {
    throw ApiError(ErrorCode::kBadRequest, "a report has at most " + std::to_string(kMaxLabelsPerReport) + " labels");
  }
  std::vector<LabelRow> found = labels_named(tx, repo_id, names);
  for (const auto& name : names) {
    if (std::none_of(found.begin(), found.end(), [&](const LabelRow& l) { return util::iequals(l.name, name); })) {
      throw ApiError(ErrorCode::kBadRequest, "no label \"" + util::header_safe(name, 60) + "\" in this repo");
    }
  }
  return found;
}

BugTemplate template_of(pqxx::transaction_base& tx, const std::string& repo_id) {
  return find_template(tx, repo_id).value_or(default_template());
}

TimelineEntry transition(const access::Identity& who, Status from, Status to) {
  TimelineEntry t;
  t.kind = TimelineEntry::Kind::kTransition;
  t.id = util::uuid4();
  t.actor = Person{who.user_id, who.user_name};
  t.from = from;
  t.to = to;
  return t;
}

std::vector<std::string> label_names(const std::vector<LabelRow>& labels) {
  std::vector<std::string> out;
  out.reserve(labels.size());
  for (const auto& l : labels)
    out.push_back(l.name);
  return out;
}

// What is in `a` and not in `b`, by `same`.
template <class T, class Same>
std::vector<T> missing_from(const std::vector<T>& a, const std::vector<T>& b, Same same) {
  std::vector<T> out;
  for (const auto& x : a)
    if (std::none_of(b.begin(), b.end(), [&](const T& y) { return same(x, y); })) out.push_back(x);
  return out;
}

bool same_person(const Person& a, const Person& b) {
  return a.id == b.id;
}

bool same_name(const std::string& a, const std::string& b) {
  return a == b;
}

// What a change will write, worked out before its transaction (peers asked, text rendered).
struct Prepared {
  std::optional<markdown::Rendered> body;
  std::optional<std::string> affected_sha;
  std::optional<std::string> fixed_in;
  std::optional<std::vector<Person>> assignees;
};

Prepared prepare_change(service::Context& ctx, const Peers& peers, const Place& place, const access::Identity& who,
                        const ReportRow& current, const ReportChange& change, const std::string& request_id) {
  if (change.title || change.body || change.environment || change.affected_revision) {
    require_author_or_triager(who, current, "editing a report's text");
  }
  if (change.severity) require_triager(who, "changing the severity");
  if (change.labels) require_triager(who, "labelling a report");
  if (change.assignees) require_triager(who, "assigning a report");
  if (change.fixed_in) require_triager(who, "setting fixedIn");
  if (change.duplicate_of && change.status != Status::kDuplicate &&
      !(current.status == Status::kDuplicate && !change.status)) {
    throw ApiError(ErrorCode::kBadRequest, "duplicateOf goes with status duplicate");
  }
  if (change.status == Status::kDuplicate && !change.duplicate_of) {
    throw ApiError(ErrorCode::kBadRequest, "status duplicate needs duplicateOf, the report it duplicates");
  }
  if (change.labels) {
    db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { labels_required(tx, place.repo_id, *change.labels); });
  }
  Prepared p;
  if (change.body) p.body = render_text(ctx, peers, place, *change.body, request_id);
  if (change.affected_revision) {
    p.affected_sha = change.affected_revision->empty()
                         ? ""
                         : commit_of(peers, place, *change.affected_revision, "affectedRevision", request_id);
  }
  if (change.fixed_in) {
    p.fixed_in = change.fixed_in->empty() ? "" : commit_of(peers, place, *change.fixed_in, "fixedIn", request_id);
  }
  if (change.assignees) p.assignees = readers_named(peers, place, *change.assignees, request_id);
  return p;
}

// Moves `report` to `to` as `who` asks: the lifecycle and the permissions decide; a duplicate's
// target must be a report of the repo whose chain does not lead back; reopening forgets the
// duplicate and the fix. The transition as it will be recorded.
TimelineEntry move_status(const access::Identity& who, ReportRow& report, Status to, const ReportChange& change) {
  const Mover mover = triages(who) ? Mover::kTriager : wrote(who, report) ? Mover::kAuthor : Mover::kOther;
  if (auto refusal = refuse_move(report.status, to, mover)) {
    throw ApiError(refusal->forbidden ? ErrorCode::kForbidden : ErrorCode::kConflict, refusal->message);
  }
  TimelineEntry t = transition(who, report.status, to);
  report.status = to;
  if (to != Status::kDuplicate) report.duplicate_of.reset();
  if (to == Status::kOpen && !change.fixed_in) report.fixed_in.clear();
  return t;
}

void point_duplicate(pqxx::work& tx, const Place& place, ReportRow& report, std::int64_t target) {
  lock_duplicate_links(tx, place.repo_id);
  if (target <= 0 || !report_exists(tx, place.repo_id, target)) {
    throw ApiError(ErrorCode::kBadRequest, "duplicateOf: no bug report #" + std::to_string(target) + " in this repo");
  }
  const auto chain = duplicate_chain(tx, place.repo_id, target, kMaxDuplicateChain);
  if (chain.size() >= kMaxDuplicateChain) {
    throw ApiError(ErrorCode::kConflict, "duplicateOf: #" + std::to_string(target) + " ends no duplicate chain");
  }
  report.duplicate_of = checked_duplicate(report.num, target, chain).or_throw(ErrorCode::kConflict);
}

}  // namespace

ReportRow file_report(service::Context& ctx, const Peers& peers, const Place& place, const access::Identity* caller,
                      const NewReport& report, const IdempotencyKey* idem, const std::string& request_id) {
  const access::Identity& who = require_filer(caller);
  if (report.labels) require_triager(who, "labelling a report");
  if (!report.assignees.empty()) require_triager(who, "assigning a report");
  if (idem != nullptr) {
    // A retry answers before a number is spent on it.
    auto earlier = db::read_once(
        ctx.db, [&](pqxx::nontransaction& tx) { return db::earlier_answer(tx, kSchema, who.user_id, *idem); });
    if (earlier) {
      return db::read_once(
          ctx.db, [&](pqxx::nontransaction& tx) { return report_with_parts(tx, place.repo_id, std::stoll(*earlier)); });
    }
  }
  const BugTemplate tmpl = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    if (report.labels) labels_required(tx, place.repo_id, *report.labels);
    return template_of(tx, place.repo_id);
  });
  ReportRow row;
  row.repo_id = place.repo_id;
  row.title = checked_title(titled(tmpl, report.title)).or_throw();
  row.body = report.body.value_or(tmpl.body);
  row.severity = report.severity.value_or(tmpl.severity);
  row.author = Person{who.user_id, who.user_name};
  row.environment = report.environment;
  const markdown::Rendered rendered = render_text(ctx, peers, place, row.body, request_id);
  row.body_html = rendered.html;
  if (!report.affected_revision.empty()) {
    row.affected_sha = commit_of(peers, place, report.affected_revision, "affectedRevision", request_id);
  }
  const std::vector<Person> assignees = readers_named(peers, place, report.assignees, request_id);
  row.num = service::next_repo_number(*peers.repos, place.repo_id, request_id);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    if (auto earlier = db::claim_answer(tx, kSchema, who.user_id, idem)) {
      return report_with_parts(tx, place.repo_id, std::stoll(*earlier));
    }
    // The template's labels the repo still has; those asked for by name (checked above, and again
    // here in case one was deleted since).
    const std::vector<LabelRow> labels = report.labels ? labels_required(tx, place.repo_id, *report.labels)
                                                       : labels_named(tx, place.repo_id, tmpl.labels);
    ReportRow stored = insert_report(tx, row);
    set_report_labels(tx, place.repo_id, stored.num, labels);
    set_assignees(tx, place.repo_id, stored.num, assignees, who.user_name);
    count_status(tx, place.repo_id, stored.status, 1);
    stored.labels = labels;
    stored.assignees = assignees;
    emit(tx, place, who, events::BugCreated{facts_of(place, stored), mention_refs(rendered.mentions)});
    db::record_answer(tx, kSchema, who.user_id, idem, std::to_string(stored.num));
    return stored;
  });
}

ReportRow change_report(service::Context& ctx, const Peers& peers, const Place& place, const access::Identity* caller,
                        std::int64_t num, const ReportChange& change, const std::string& request_id) {
  const access::Identity& who = require_filer(caller);
  ReportRow current =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return report_with_parts(tx, place.repo_id, num); });
  if (change.empty()) return current;
  const Prepared prepared = prepare_change(ctx, peers, place, who, current, change, request_id);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    ReportRow before = locked_report(tx, place, num);
    ReportRow after = before;
    events::BugUpdated updated;
    bool text_changed = false;
    if (change.title && *change.title != before.title) {
      after.title = *change.title;
      updated.old_title = before.title;
      text_changed = true;
    }
    if (change.body && *change.body != before.body) {
      after.body = *change.body;
      after.body_html = prepared.body->html;
      updated.body_edited = true;
      updated.mentions = mention_refs(prepared.body->mentions);
      text_changed = true;
    }
    if (change.environment) after.environment = *change.environment;
    if (prepared.affected_sha) after.affected_sha = *prepared.affected_sha;
    if (change.severity && *change.severity != before.severity) {
      after.severity = *change.severity;
      updated.old_severity = std::string(severity_name(before.severity));
    }
    std::optional<TimelineEntry> moved;
    if (change.status) moved = move_status(who, after, *change.status, change);
    if (change.duplicate_of) point_duplicate(tx, place, after, *change.duplicate_of);
    if (prepared.fixed_in) after.fixed_in = *prepared.fixed_in;
    if (after.fixed_in != before.fixed_in) updated.old_fixed_in = before.fixed_in;
    if (change.labels) {
      after.labels = labels_required(tx, place.repo_id, *change.labels);
      updated.labels_added = missing_from(label_names(after.labels), label_names(before.labels), same_name);
      updated.labels_removed = missing_from(label_names(before.labels), label_names(after.labels), same_name);
      if (!updated.labels_added.empty() || !updated.labels_removed.empty()) {
        set_report_labels(tx, place.repo_id, num, after.labels);
      }
    }
    if (prepared.assignees) {
      after.assignees = *prepared.assignees;
      updated.assigned = actors_of(missing_from(after.assignees, before.assignees, same_person));
      updated.unassigned = actors_of(missing_from(before.assignees, after.assignees, same_person));
      if (!updated.assigned.empty() || !updated.unassigned.empty()) {
        set_assignees(tx, place.repo_id, num, after.assignees, who.user_name);
      }
    }
    const bool fields_changed = after.title != before.title || after.body != before.body ||
                                after.environment != before.environment || after.affected_sha != before.affected_sha ||
                                after.severity != before.severity || after.status != before.status ||
                                after.duplicate_of != before.duplicate_of || after.fixed_in != before.fixed_in;
    const bool parts_changed = !updated.labels_added.empty() || !updated.labels_removed.empty() ||
                               !updated.assigned.empty() || !updated.unassigned.empty();
    if (!fields_changed && !parts_changed) return before;
    save_report(tx, after, text_changed);
    if (moved) {
      moved->duplicate_of = after.duplicate_of;
      if (after.status == Status::kResolved) moved->fixed_in = after.fixed_in;
      insert_transition(tx, place.repo_id, num, *moved);
      count_status(tx, place.repo_id, before.status, -1);
      count_status(tx, place.repo_id, after.status, 1);
      updated.status =
          events::StatusChange{std::string(status_name(before.status)), std::string(status_name(after.status))};
    }
    updated.bug = facts_of(place, after);
    emit(tx, place, who, updated);
    return report_with_parts(tx, place.repo_id, num);
  });
}

ReportDetails report_details(service::Context& ctx, const Place& place, std::int64_t num, std::int64_t after_seq,
                             std::int64_t limit) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    ReportDetails d{report_with_parts(tx, place.repo_id, num),
                    list_timeline(tx, place.repo_id, num, after_seq, limit + 1), false};
    if (static_cast<std::int64_t>(d.timeline.size()) > limit) {
      d.timeline.pop_back();
      d.more = true;
    }
    return d;
  });
}

TimelineEntry comment_on(service::Context& ctx, const Peers& peers, const Place& place, const access::Identity* caller,
                         std::int64_t num, const std::string& text, const IdempotencyKey* idem,
                         const std::string& request_id) {
  const access::Identity& who = require_filer(caller);
  const markdown::Rendered rendered = render_text(ctx, peers, place, text, request_id);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const ReportRow report = locked_report(tx, place, num);
    if (auto earlier = db::claim_answer(tx, kSchema, who.user_id, idem)) {
      if (auto e = find_comment(tx, place.repo_id, num, *earlier)) return *e;
    }
    TimelineEntry comment;
    comment.id = util::uuid4();
    comment.actor = Person{who.user_id, who.user_name};
    comment.body = text;
    comment.body_html = rendered.html;
    comment = insert_comment(tx, place.repo_id, num, comment);
    add_comment_words(tx, place.repo_id, num, text);
    emit(tx, place, who,
         events::BugCommentCreated{facts_of(place, report), facts_of(place, num, comment),
                                   mention_refs(rendered.mentions)});
    db::record_answer(tx, kSchema, who.user_id, idem, comment.id);
    return comment;
  });
}

ReportPage list_reports(service::Context& ctx, const Peers& peers, const Place& place, const ListQuery& query,
                        const std::string& request_id) {
  std::string commit;
  if (!query.affects.empty()) {
    commit = commit_named(ctx, peers, place, query.affects, request_id);
    learn_history(ctx, peers, place, commit, request_id);
  }
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    // The page is the lambda's own, so it leaves by a move (a captured one left by a copy of every
    // report on it).
    ReportPage page;
    page.commit = commit;
    // One more than the page, to know whether another follows.
    page.reports =
        list_reports(tx, place.repo_id, query, query.affects.empty() ? nullptr : &page.commit, query.limit + 1);
    if (static_cast<std::int64_t>(page.reports.size()) > query.limit) {
      page.reports.pop_back();
      const ReportRow& last = page.reports.back();
      std::int64_t key = last.num;
      if (query.sort == Sort::kRecentlyUpdated) key = last.updated_us;
      if (query.sort == Sort::kSeverity) key = severity_rank(last.severity);
      page.next = Position{key, last.num};
    }
    page.counts = attach_parts_and_count(tx, place.repo_id, page.reports);
    return page;
  });
}

}  // namespace hub::bugs

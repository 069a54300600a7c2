#include "services/bugs/app/repo_events.hpp"

#include "common/events/catalog.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/bugs/app/bug_events.hpp"
#include "services/bugs/store/report_store.hpp"
#include "services/bugs/store/timeline_store.hpp"

namespace hub::bugs {
namespace {

Place place_of(service::Context& ctx, const events::RepoRef& repo) {
  return domain::repo_place(repo.id, repo.type, repo.name, ctx.settings.public_url);
}

// Bug `num` fixed by the pull request's merge, once: resolved when it was still open, triaged or in
// progress; its fixedIn set when it had none; the pull request linked either way.
void fix_report(pqxx::work& tx, const Place& place, std::int64_t num, const PullLink& pull,
                const access::Identity& merger, const std::string& event_id) {
  auto found = find_full_report(tx, place.repo_id, num, true);
  if (!found) return;  // a discussion's or a pull request's number, or none: nothing to fix
  if (!link_pull(tx, place.repo_id, num, pull, event_id)) return;
  const ReportRow before = std::move(*found);
  ReportRow after = before;
  events::BugUpdated updated;
  updated.fixed_by_pull = pull.num;
  if (!refuse_move(before.status, Status::kResolved, Mover::kFix)) {
    after.status = Status::kResolved;
    after.fixed_in = pull.merge_commit;
    TimelineEntry t;
    t.id = util::uuid4();
    t.actor = Person{merger.user_id, merger.user_name};
    t.from = before.status;
    t.to = Status::kResolved;
    t.fixed_in = pull.merge_commit;
    t.pull_num = pull.num;
    insert_transition(tx, place.repo_id, num, t);
    count_status(tx, place.repo_id, before.status, -1);
    count_status(tx, place.repo_id, after.status, 1);
    updated.status = events::StatusChange{std::string(status_name(before.status)), "resolved"};
  } else if (before.fixed_in.empty() && (before.status == Status::kResolved || before.status == Status::kClosed)) {
    after.fixed_in = pull.merge_commit;
  }
  if (after.fixed_in != before.fixed_in) updated.old_fixed_in = before.fixed_in;
  after.pulls.push_back(pull);
  save_report(tx, after, false);
  updated.bug = facts_of(place, after);
  emit(tx, place, merger, updated);
}

void follow_merge(service::Context& ctx, pqxx::work& tx, const events::Envelope& event) {
  auto data = json::parse_object(event.data);
  if (!data) return;
  const json::Value* pull = json::find(data.value(), "pullRequest");
  auto commit = json::get_string(data.value(), "mergeCommitId");
  const json::Value* closes = json::find(data.value(), "closes");
  if (pull == nullptr || !commit || !util::is_commit_sha(*commit) || closes == nullptr || !closes->IsArray()) return;
  auto pull_num = json::get_int(*pull, "num");
  if (!pull_num) return;
  const Place place = place_of(ctx, *event.repo);
  access::Identity merger;
  merger.user_name = "hub";
  if (event.actor) {
    merger.user_id = event.actor->id;
    merger.user_name = event.actor->name;
  }
  const PullLink link{*pull_num, std::string(*commit)};
  for (const auto& n : closes->GetArray()) {
    if (!n.IsInt64() || n.GetInt64() <= 0 || n.GetInt64() == *pull_num) continue;
    fix_report(tx, place, n.GetInt64(), link, merger, event.id);
  }
  log::info("bugs.merge_followed", {{"pull", std::to_string(*pull_num)}, {"repo", place.repo_id}});
}

}  // namespace

bool follows_event(const events::Envelope& event) {
  return event.type == events::RepoDeleted::kType || event.type == events::PullMerged::kType ||
         event.type == events::OrgMemberRemoved::kType;
}

void follow_repo_event(service::Context& ctx, pqxx::work& tx, const events::Envelope& event) {
  if (!event.repo || !util::is_uuid(event.repo->id)) return;
  if (event.type == events::RepoDeleted::kType) delete_repo_reports(tx, event.repo->id);
  if (event.type == events::PullMerged::kType) follow_merge(ctx, tx, event);
}

}  // namespace hub::bugs

#include "services/discussions/app/repo_cleanup.hpp"

#include "common/events/catalog.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/util/uuid.hpp"
#include "services/discussions/app/threads.hpp"
#include "services/discussions/store/thread_store.hpp"

namespace hub::discussions {
namespace {

void follow_merge(service::Context& ctx, pqxx::work& tx, const events::Envelope& event) {
  auto data = json::parse_object(event.data);
  if (!data) return;
  const json::Value* pull = json::find(data.value(), "pullRequest");
  auto commit = json::get_optional_string(data.value(), "mergeCommitId");
  if (pull == nullptr || !commit.ok() || !commit.value()) return;
  auto num = json::get_int(*pull, "num");
  if (!num) return;
  const Place place = domain::repo_place(event.repo->id, event.repo->type, event.repo->name, ctx.settings.public_url);
  access::Identity actor;
  if (event.actor) {
    actor.user_id = event.actor->id;
    actor.user_name = event.actor->name;
  }
  try {
    auto comment = json::get_optional_string(data.value(), "comment");
    const std::string text = comment.ok() && comment.value() ? std::string(*comment.value()) : std::string();
    record_merged(ctx, tx, place, num.value(), std::string(*commit.value()), actor, text);
  } catch (const ApiError& e) {
    // A thread deleted with its repo, or a number that is not a pull request: nothing to repair.
    if (e.status() != 404 && e.status() != 409) throw;
    log::info("discussions.merge_event_ignored", {{"num", std::to_string(num.value())}, {"why", e.message()}});
  }
}

// A bug report's number: `#N` in a thread links to the report from now on.
void remember_bug(pqxx::work& tx, const events::Envelope& event) {
  auto data = json::parse_object(event.data);
  if (!data) return;
  const json::Value* bug = json::find(data.value(), "bug");
  if (bug == nullptr || !bug->IsObject()) return;
  auto num = json::get_int(*bug, "num");
  if (num && num.value() > 0 && util::is_uuid(event.repo->id)) remember_bug_number(tx, event.repo->id, num.value());
}

}  // namespace

bool follows_event(const events::Envelope& event) {
  return event.type == events::RepoDeleted::kType || event.type == events::PullMerged::kType ||
         event.type == events::BugCreated::kType;
}

void follow_repo_event(service::Context& ctx, pqxx::work& tx, const events::Envelope& event) {
  if (!event.repo) return;
  if (event.type == events::RepoDeleted::kType) delete_repo_threads(tx, event.repo->id);
  if (event.type == events::PullMerged::kType) follow_merge(ctx, tx, event);
  if (event.type == events::BugCreated::kType) remember_bug(tx, event);
}

}  // namespace hub::discussions

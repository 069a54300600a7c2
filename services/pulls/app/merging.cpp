#include "services/pulls/app/merging.hpp"

#include <set>

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/log/log.hpp"
#include "common/service/repo_people.hpp"
#include "services/pulls/app/discussions_client.hpp"
#include "services/pulls/app/permissions.hpp"
#include "services/pulls/app/pull_events.hpp"
#include "services/pulls/app/pull_requests.hpp"
#include "services/pulls/app/repos_client.hpp"
#include "services/pulls/domain/closing_refs.hpp"
#include "services/pulls/store/pull_store.hpp"
#include "services/pulls/store/review_store.hpp"

namespace hub::pulls {
namespace {

struct Facts {
  PullRow pull;
  ThreadInfo thread;
  Mergeability m;
};

Facts gather(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
             const std::string& request_id) {
  Facts f;
  f.pull = require_pull(ctx, place.repo_id, num);
  auto thread = thread_info(peers.discussions, place.repo_id, num, request_id);
  if (!thread || !thread->is_pull_request) throw ApiError(ErrorCode::kNotFound, "no such pull request in this repo");
  f.thread = *thread;
  Mergeability& m = f.m;
  m.base_ref = f.pull.base_ref;
  m.rule = protection_of(peers.repos, place.repo_id, f.pull.base_branch(), request_id);

  GateInputs in;
  in.thread_status = f.thread.status;
  in.author_id = f.pull.author_id;
  in.rule = m.rule ? &*m.rule : nullptr;
  if (f.thread.status == "merged" || f.thread.status == "closed") {
    m.unmet = unmet_gates(in);
    return f;
  }
  const RevisionPair pair = resolve_pair(peers.repos, place.repo_id, f.pull.base_ref, pull_ref(num), request_id);
  m.base_sha = pair.base;
  m.head_sha = pair.head;
  m.fast_forward = pair.base_in_head;
  in.head_sha = m.head_sha;
  in.reviews = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return list_reviews(tx, place.repo_id, num); });
  if (m.rule) {
    // Whose verdicts may count: those who may write now (auth decides, as for a push).
    service::PeopleQuery who;
    std::set<std::string> ids;
    for (const auto& r : in.reviews)
      if (r.verdict != Verdict::kComment && ids.insert(r.reviewer_id).second) who.user_ids.push_back(r.reviewer_id);
    for (const auto& p : service::people_on_repo(peers.auth, place, who, request_id).users)
      if (p.role >= access::Role::kWrite) in.writers.insert(p.id);
    if (!m.rule->required_status_checks.empty() || !m.rule->metric_gates.empty()) {
      in.head_statuses = statuses_of(peers.repos, place.repo_id, m.head_sha, request_id);
    }
    if (!m.rule->metric_gates.empty())
      in.base_statuses = statuses_of(peers.repos, place.repo_id, m.base_sha, request_id);
  }
  const MergeTry dry = try_merge(peers.repos, place.repo_id, f.pull.base_ref, m.head_sha, request_id);
  in.conflicts = dry.conflicts;
  m.unmet = unmet_gates(in);
  return f;
}

std::string merge_message(std::int64_t num, const ThreadInfo& thread, const std::string& comment) {
  std::string message = "Merge pull request #" + std::to_string(num) + ": " + thread.title;
  if (!comment.empty()) message += "\n\n" + comment;
  return message;
}

}  // namespace

Mergeability mergeability(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                          const std::string& request_id) {
  return gather(ctx, peers, place, num, request_id).m;
}

std::vector<std::string> conflicts_now(service::Context& ctx, const Peers& peers, const std::string& repo_id,
                                       std::int64_t num, const std::string& request_id) {
  const PullRow pull = require_pull(ctx, repo_id, num);
  if (!pull.merge_commit.empty()) return {};
  const RevisionPair pair = resolve_pair(peers.repos, repo_id, pull.base_ref, pull_ref(num), request_id);
  return try_merge(peers.repos, repo_id, pull.base_ref, pair.head, request_id).conflicts;
}

std::variant<Merged, MergeRefused> merge_pull(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place,
                                              std::int64_t num, const access::Identity* who,
                                              const MergeRequestBody& request, const std::string& request_id) {
  if (who == nullptr || who->anonymous()) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  Facts f = gather(ctx, peers, place, num, request_id);
  require_merger(who, f.m.rule ? &*f.m.rule : nullptr);
  if (!f.m.mergeable()) return MergeRefused{"the pull request may not merge yet", f.m.unmet};
  if (request.strategy == "fast-forward" && !f.m.fast_forward) {
    UnmetGate g{.gate = "fastForward"};
    g.message = "the base branch has commits the pull request lacks: it cannot fast-forward";
    return MergeRefused{g.message, {g}};
  }
  // The numbers it closes, from its description and its commits, before anything is written.
  std::string closing_text = f.thread.description;
  for (const auto& c : pull_commits(peers.repos, place.repo_id, f.m.base_sha, f.m.head_sha, request_id))
    closing_text += "\n" + c.message;
  const MergeTry done = merge(peers.repos, place.repo_id, f.pull.base_ref, f.m.base_sha, f.m.head_sha, request.strategy,
                              merge_message(num, f.thread, request.comment), *who, request_id);
  if (done.commit.empty()) {
    UnmetGate g{.gate = "conflicts"};
    g.paths = done.conflicts;
    g.message = "the pull request conflicts with the base branch";
    return MergeRefused{g.message, {g}};
  }
  db::transact(ctx.db, [&](pqxx::work& tx) {
    record_merge(tx, place.repo_id, num, done.commit, f.m.base_sha, who->user_name);
    events::PullMerged merged;
    merged.merge_commit = done.commit;
    merged.base_sha = f.m.base_sha;
    merged.head_sha = f.m.head_sha;
    merged.strategy = request.strategy;
    merged.closes = closing_references(closing_text);
    if (!request.comment.empty()) merged.comment = request.comment;
    merged.audit =
        events::Audit{"pull_request.merge", std::nullopt, who->client_address, "{\"num\":" + std::to_string(num) + "}"};
    emit_merged(tx, place, f.pull, *who, std::move(merged));
  });
  // At once, so the next read of the thread shows it; discussions also follows pull.merged, which
  // repairs this call if it fails.
  try {
    mark_merged(peers.discussions, place, num, done.commit, *who, request.comment, request_id);
  } catch (const std::exception& e) {
    log::warn("pulls.merge", {{"num", std::to_string(num)}, {"error", e.what()}});
  }
  return Merged{done.commit};
}

}  // namespace hub::pulls

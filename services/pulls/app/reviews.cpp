#include "services/pulls/app/reviews.hpp"

#include <map>

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/markdown/markdown.hpp"
#include "common/util/uuid.hpp"
#include "common/service/repo_people.hpp"
#include "services/pulls/app/discussions_client.hpp"
#include "services/pulls/app/model_files.hpp"
#include "services/pulls/app/permissions.hpp"
#include "services/pulls/app/pull_events.hpp"
#include "services/pulls/app/pull_requests.hpp"
#include "services/pulls/app/repos_client.hpp"
#include "services/pulls/store/pull_store.hpp"
#include "services/pulls/store/review_store.hpp"

namespace hub::pulls {
namespace {

// Files a line comment may anchor in: at most this large (the rest are reviewed whole).
constexpr std::int64_t kMaxAnchoredFile = 16LL << 20;

std::string html_of(const domain::RepoPlace& place, const std::string& body) {
  markdown::Links links;
  links.profile_base = place.public_url;
  return markdown::render(body, links).html;
}

// The thread must be a pull request still under review.
ThreadInfo open_thread(const Peers& peers, const std::string& repo_id, std::int64_t num,
                       const std::string& request_id) {
  auto thread = thread_info(peers.discussions, repo_id, num, request_id);
  if (!thread || !thread->is_pull_request) throw ApiError(ErrorCode::kNotFound, "no such pull request in this repo");
  if (thread->status == "merged" || thread->status == "closed") {
    throw ApiError(ErrorCode::kConflict, "the pull request is " + thread->status + ": reopen it to review");
  }
  return *thread;
}

// Where the pull request's sides are now: the head, and the merge base its old side shows.
struct Sides {
  std::string head;
  std::string merge_base;
};
Sides sides_of(const Peers& peers, const PullRow& pull, const std::string& request_id) {
  // Two commits and their merge base: no diff is computed for it.
  const RevisionPair pair =
      resolve_pair(peers.repos, pull.repo_id, pull.compare_base(), pull_ref(pull.num), request_id);
  return Sides{pair.head, pair.merge_base};
}

// The comment's anchor checked against the file at the side's commit: its text, or a 400.
std::string anchor_of(const Peers& peers, const PullRow& pull, const Sides& sides, const NewComment& c,
                      const std::string& request_id) {
  const std::string& rev = c.side == LineSide::kNew ? sides.head : sides.merge_base;
  if (rev.empty()) throw ApiError(ErrorCode::kBadRequest, "the pull request has no old side to comment on");
  if (!c.tensor.empty()) {
    // Anchored by the tensor's content hash: the comment is outdated once those bytes change.
    auto hash = tensor_hash(peers, pull.repo_id, rev, c.path, c.tensor, request_id);
    if (!hash) {
      throw ApiError(ErrorCode::kBadRequest,
                     "no tensor " + c.tensor + " in " + c.path + " on the " + std::string(side_name(c.side)) + " side");
    }
    return *hash;
  }
  auto content = file_at(peers.repos, pull.repo_id, rev, c.path, kMaxAnchoredFile, request_id);
  if (!content) {
    throw ApiError(ErrorCode::kBadRequest,
                   c.path + " is not a file on the " + std::string(side_name(c.side)) + " side");
  }
  auto text = lines_of(*content, c.start_line.value_or(*c.line), *c.line);
  if (!text) throw ApiError(ErrorCode::kBadRequest, "line " + std::to_string(*c.line) + " is not in " + c.path);
  return *text;
}

}  // namespace

SubmittedReview submit_review(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place,
                              std::int64_t num, const access::Identity* caller, const NewReview& review,
                              const std::string& request_id) {
  const access::Identity& who = require_participant(caller);
  require_verdict_right(who, review.verdict);
  if (review.verdict != Verdict::kApprove && review.body.empty() && review.comments.empty()) {
    throw ApiError(ErrorCode::kBadRequest, "a review that does not approve needs a body or comments");
  }
  const PullRow pull = require_pull(ctx, place.repo_id, num);
  open_thread(peers, place.repo_id, num, request_id);
  const Sides sides = sides_of(peers, pull, request_id);
  SubmittedReview out;
  out.review.id = util::uuid4();
  out.review.reviewer_id = who.user_id;
  out.review.reviewer_name = who.user_name;
  out.review.verdict = review.verdict;
  out.review.body = review.body;
  out.review.body_html = review.body.empty() ? "" : html_of(place, review.body);
  out.review.commit_sha = sides.head;
  for (const auto& c : review.comments) {
    CommentRow row;
    row.id = util::uuid4();
    row.review_id = out.review.id;
    row.author_id = who.user_id;
    row.author_name = who.user_name;
    row.path = c.path;
    row.side = c.side;
    row.start_line = c.start_line;
    row.line = c.line;
    row.tensor = c.tensor;
    row.anchor_text = anchor_of(peers, pull, sides, c, request_id);
    row.commit_sha = c.side == LineSide::kNew ? sides.head : sides.merge_base;
    row.body = c.body;
    row.body_html = html_of(place, c.body);
    out.comments.push_back(std::move(row));
  }
  db::transact(ctx.db, [&](pqxx::work& tx) {
    insert_review(tx, place.repo_id, num, out.review);
    for (auto& c : out.comments)
      insert_comment(tx, place.repo_id, num, c);
    emit_review(tx, place, pull, who, out.review, out.comments.size());
  });
  return out;
}

ReviewState review_state(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                         const std::string& request_id) {
  ReviewState state;
  state.pull = require_pull(ctx, place.repo_id, num);
  db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    state.reviews = list_reviews(tx, place.repo_id, num);
    for (auto& c : list_comments(tx, place.repo_id, num))
      state.comments.push_back(PlacedComment{std::move(c)});
    state.requests = list_requests(tx, place.repo_id, num);
  });
  if (state.reviews.empty() && state.comments.empty()) return state;
  const Sides sides = sides_of(peers, state.pull, request_id);
  state.head_sha = sides.head;
  const auto rule = protection_of(peers.repos, place.repo_id, state.pull.base_branch(), request_id);
  for (const auto& r : state.reviews)
    if (dismissed(r, sides.head, rule ? &*rule : nullptr)) state.dismissed.push_back(r.id);
  // Each anchored comment against its file (or tensor) now: one read per file and side.
  std::map<std::string, std::optional<std::string>> files;
  std::map<std::string, std::optional<SafetensorsFile>> tensor_files;
  for (auto& placed : state.comments) {
    const CommentRow& c = placed.comment;
    if (!c.reply_to.empty()) continue;
    const std::string& rev = c.side == LineSide::kNew ? sides.head : sides.merge_base;
    if (rev == c.commit_sha) {
      placed.current_start = c.start_line;
      placed.current_line = c.line;
      continue;
    }
    const std::string key = std::string(side_name(c.side)) + ":" + c.path;
    if (!c.tensor.empty()) {
      if (!tensor_files.contains(key))
        tensor_files[key] = safetensors_at(peers, place.repo_id, rev, c.path, request_id);
      const auto& file = tensor_files[key];
      placed.outdated = true;
      if (file) {
        for (const auto& t : file->tensors)
          if (t.name == c.tensor) placed.outdated = t.sha256 != c.anchor_text;
      }
      continue;
    }
    if (!files.contains(key))
      files[key] = file_at(peers.repos, place.repo_id, rev, c.path, kMaxAnchoredFile, request_id);
    const auto& content = files[key];
    const int first = c.start_line.value_or(c.line.value_or(1));
    const Anchor a = content ? reanchor(*content, first, c.line.value_or(first), c.anchor_text) : Anchor{true};
    placed.outdated = a.outdated;
    if (!a.outdated) {
      if (c.start_line) placed.current_start = a.first;
      placed.current_line = a.last;
    }
  }
  return state;
}

CommentRow reply_to_comment(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                            const access::Identity* caller, const std::string& comment_id, const std::string& body,
                            const std::string& request_id) {
  const access::Identity& who = require_participant(caller);
  const PullRow pull = require_pull(ctx, place.repo_id, num);
  open_thread(peers, place.repo_id, num, request_id);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    auto parent = util::is_uuid(comment_id) ? find_comment(tx, place.repo_id, num, comment_id) : std::nullopt;
    if (!parent) throw ApiError(ErrorCode::kNotFound, "no such review comment in this pull request");
    // Replies hang off the thread's first comment, so a thread is one level deep.
    const CommentRow root =
        parent->reply_to.empty() ? *parent : find_comment(tx, place.repo_id, num, parent->reply_to).value();
    CommentRow reply;
    reply.id = util::uuid4();
    reply.reply_to = root.id;
    reply.author_id = who.user_id;
    reply.author_name = who.user_name;
    reply.path = root.path;
    reply.side = root.side;
    reply.commit_sha = root.commit_sha;
    reply.body = body;
    reply.body_html = html_of(place, body);
    insert_comment(tx, place.repo_id, num, reply);
    emit_reply(tx, place, pull, who, root, reply);
    return reply;
  });
}

CommentRow resolve_comment(service::Context& ctx, const Peers& /*peers*/, const domain::RepoPlace& place,
                           std::int64_t num, const access::Identity* caller, const std::string& comment_id,
                           bool resolved, const std::string& /*request_id*/) {
  const access::Identity& who = require_participant(caller);
  const PullRow pull = require_pull(ctx, place.repo_id, num);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    auto root = util::is_uuid(comment_id) ? find_comment(tx, place.repo_id, num, comment_id) : std::nullopt;
    if (!root) throw ApiError(ErrorCode::kNotFound, "no such review comment in this pull request");
    if (!root->reply_to.empty()) throw ApiError(ErrorCode::kBadRequest, "resolve the thread's first comment");
    require_resolver(who, pull, *root);
    set_resolved(tx, root->id, resolved, who.user_name);
    return find_comment(tx, place.repo_id, num, root->id).value();
  });
}

std::vector<ReviewRequest> request_reviews(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place,
                                           std::int64_t num, const access::Identity* caller, const ReviewerNames& names,
                                           const std::string& request_id) {
  const access::Identity& who = require_participant(caller);
  const PullRow pull = require_pull(ctx, place.repo_id, num);
  require_requester(who, pull);
  if (names.users.size() + names.groups.size() > kMaxReviewersPerRequest) {
    throw ApiError(ErrorCode::kBadRequest, "at most 50 reviewers per request");
  }
  open_thread(peers, place.repo_id, num, request_id);
  const service::People people = service::people_on_repo(peers.auth, place, service::PeopleQuery{{}, names.users, names.groups}, request_id);
  std::vector<ReviewRequest> added;
  for (const auto& name : names.users) {
    auto it =
        std::find_if(people.users.begin(), people.users.end(), [&](const service::PersonRole& p) { return p.name == name; });
    // Someone who may not read the repo is told apart from nobody only by what the caller knows.
    if (it == people.users.end() || it->role < access::Role::kRead) {
      throw ApiError(ErrorCode::kBadRequest, name + " is not a user who may read this repo");
    }
    added.push_back(ReviewRequest{false, it->name, who.user_name, ""});
  }
  for (const auto& name : names.groups) {
    auto it =
        std::find_if(people.groups.begin(), people.groups.end(), [&](const service::GroupMembers& g) { return g.name == name; });
    if (it == people.groups.end()) throw ApiError(ErrorCode::kBadRequest, "no resource group " + name);
    added.push_back(ReviewRequest{true, it->name, who.user_name, ""});
  }
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    std::vector<ReviewRequest> fresh;
    for (const auto& r : added)
      if (insert_request(tx, place.repo_id, num, r)) fresh.push_back(r);
    if (!fresh.empty()) emit_review_requested(tx, place, pull, who, fresh, people.groups);
    return list_requests(tx, place.repo_id, num);
  });
}

}  // namespace hub::pulls

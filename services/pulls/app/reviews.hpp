#pragma once
// Reviews of a pull request: verdicts with line and tensor comments anchored to the head commit,
// replies, resolving, review requests; and the review state as it reads now (which approvals are
// stale, where each comment stands in the current files).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/domain/repo_place.hpp"
#include "common/service/service.hpp"
#include "services/pulls/app/peers.hpp"
#include "services/pulls/domain/anchors.hpp"
#include "services/pulls/domain/gates.hpp"
#include "services/pulls/domain/review.hpp"

namespace hub::pulls {

struct NewComment {
  std::string path;
  LineSide side = LineSide::kNew;
  std::optional<int> start_line, line;
  std::string tensor;
  std::string body;  // checked
};
struct NewReview {
  Verdict verdict = Verdict::kComment;
  std::string body;  // "" or checked
  std::vector<NewComment> comments;
};

struct SubmittedReview {
  ReviewRow review;
  std::vector<CommentRow> comments;
};
SubmittedReview submit_review(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place,
                              std::int64_t num, const access::Identity* who, const NewReview& review,
                              const std::string& request_id);

// A comment with where it stands in the pull request's files now.
struct PlacedComment {
  CommentRow comment;
  bool outdated = false;
  std::optional<int> current_start, current_line;
};
struct ReviewState {
  PullRow pull;
  std::string head_sha;
  std::vector<ReviewRow> reviews;
  std::vector<std::string> dismissed;  // ids of reviews that no longer count (stale)
  std::vector<PlacedComment> comments;
  std::vector<ReviewRequest> requests;
};
ReviewState review_state(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                         const std::string& request_id);

CommentRow reply_to_comment(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                            const access::Identity* who, const std::string& comment_id, const std::string& body,
                            const std::string& request_id);
CommentRow resolve_comment(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                           const access::Identity* who, const std::string& comment_id, bool resolved,
                           const std::string& request_id);

struct ReviewerNames {
  std::vector<std::string> users;   // names
  std::vector<std::string> groups;  // org/group
};
// The requests now standing. 400 for someone who may not read the repo or a group that does not exist.
std::vector<ReviewRequest> request_reviews(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place,
                                           std::int64_t num, const access::Identity* who, const ReviewerNames& names,
                                           const std::string& request_id);

}  // namespace hub::pulls

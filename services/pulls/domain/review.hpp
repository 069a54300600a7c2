#pragma once
// A pull request's review state as plain values: reviews and their verdicts, line and tensor
// comments, review requests. The store fills them, the use cases decide with them, the API renders.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace hub::pulls {

enum class Verdict { kApprove, kRequestChanges, kComment };
std::string_view verdict_name(Verdict v);                  // approve, request_changes, comment
std::optional<Verdict> parse_verdict(std::string_view s);  // the same words

struct PullRow {
  std::string repo_id;
  std::int64_t num = 0;
  std::string author_id;
  std::string author_name;
  std::string base_ref;  // refs/heads/main
  std::string opened_at_sha;
  std::string created_at;
  std::string merge_commit;  // "" until merged
  std::string merged_base;   // the base's head it was merged onto
  std::string merged_at;
  std::string merged_by;

  std::string base_branch() const;  // main
  // What its changes are compared against: the base branch, or once merged where the base was.
  std::string compare_base() const { return merge_commit.empty() ? base_ref : merged_base; }
};

struct ReviewRow {
  std::string id;
  std::int64_t seq = 0;
  std::string reviewer_id;
  std::string reviewer_name;
  Verdict verdict = Verdict::kComment;
  std::string body;
  std::string body_html;
  std::string commit_sha;  // the head it was given on
  std::string created_at;
};

enum class LineSide { kNew, kOld };
std::string_view side_name(LineSide s);
std::optional<LineSide> parse_side(std::string_view s);

struct CommentRow {
  std::string id;
  std::int64_t seq = 0;
  std::string review_id;  // "" for a reply outside a review
  std::string reply_to;   // "" for a thread's first comment
  std::string author_id;
  std::string author_name;
  std::string path;
  LineSide side = LineSide::kNew;
  std::optional<int> start_line, line;  // line comments: the lines [start_line or line, line]
  std::string tensor;                   // tensor comments
  std::string anchor_text;              // the anchored lines' text, or the tensor's sha256, then
  std::string commit_sha;
  std::string body;
  std::string body_html;
  bool resolved = false;
  std::string resolved_by;
  std::string created_at;
};

struct ReviewRequest {
  bool group = false;
  std::string reviewer;  // a user's name, or org/group
  std::string requested_by;
  std::string created_at;
};

// Limits on what a review carries.
inline constexpr std::size_t kMaxReviewBody = 65536;
inline constexpr std::size_t kMaxCommentsPerReview = 100;
inline constexpr std::size_t kMaxReviewersPerRequest = 50;
inline constexpr int kMaxCommentSpan = 500;  // lines a multi-line comment may cover

// A comment's body: not blank, within the limit.
Result<std::string> checked_body(std::string_view text);

}  // namespace hub::pulls

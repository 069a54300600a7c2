#include "services/pulls/app/permissions.hpp"

#include "common/error/api_error.hpp"

namespace hub::pulls {

const access::Identity& require_participant(const access::Identity* who) {
  return access::require_discussion_writer(who);
}

void require_verdict_right(const access::Identity& who, Verdict verdict) {
  if (verdict == Verdict::kComment || who.role >= access::Role::kWrite) return;
  throw ApiError(ErrorCode::kForbidden, std::string(verdict == Verdict::kApprove ? "approving" : "requesting changes") +
                                            " needs the write role on the repo");
}

void require_resolver(const access::Identity& who, const PullRow& pull, const CommentRow& root) {
  if (who.role >= access::Role::kWrite || who.user_id == pull.author_id || who.user_id == root.author_id) return;
  throw ApiError(ErrorCode::kForbidden, "resolving a review thread needs the write role, or to have started it");
}

void require_requester(const access::Identity& who, const PullRow& pull) {
  if (who.role >= access::Role::kWrite || who.user_id == pull.author_id) return;
  throw ApiError(ErrorCode::kForbidden, "asking for reviews needs the write role, or to be the author");
}

void require_merger(const access::Identity* who, const domain::ProtectionRule* rule) {
  if (who == nullptr || who->anonymous()) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  const access::Role needed = rule != nullptr ? rule->push_role : access::Role::kWrite;
  if (who->role >= needed) return;
  throw ApiError(ErrorCode::kForbidden,
                 "merging into this branch needs the " + std::string(access::role_name(needed)) + " role on the repo");
}

}  // namespace hub::pulls

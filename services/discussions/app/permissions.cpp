#include "services/discussions/app/permissions.hpp"

#include <string>

#include "common/error/api_error.hpp"

namespace hub::discussions {

bool moderates(const access::Identity& who) {
  return who.discussion_write && who.role >= access::Role::kWrite;
}

void require_moderator_or(const access::Identity& who, const std::string& author_id, const char* what) {
  if (moderates(who)) return;
  if (!author_id.empty() && who.user_id == author_id && who.discussion_write) return;
  throw ApiError(ErrorCode::kForbidden, std::string(what) + " needs the write role on the repo");
}

}  // namespace hub::discussions

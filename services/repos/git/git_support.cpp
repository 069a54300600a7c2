#include "services/repos/git/git_support.hpp"

#include "common/error/api_error.hpp"

namespace hub::repos::git {

void check(int rc, std::string_view what) {
  if (rc >= 0) return;
  const git_error* e = git_error_last();
  throw ApiError(ErrorCode::kInternal, "internal error",
                 std::string(what) + ": " + (e != nullptr && e->message != nullptr ? e->message : "unknown"));
}

std::string to_hex(const git_oid* oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, oid);
  return buf;
}

}  // namespace hub::repos::git

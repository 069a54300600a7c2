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

std::optional<LfsPointer> lfs_pointer_in(git_repository* repo, const git_oid* blob, std::size_t size) {
  if (size >= kMaxLfsPointer || size < kLfsPointerVersion.size()) return std::nullopt;
  git_blob* b = nullptr;
  check(git_blob_lookup(&b, repo, blob), "blob lookup");
  auto pointer = parse_lfs_pointer(std::string_view(static_cast<const char*>(git_blob_rawcontent(b)),
                                                    static_cast<std::size_t>(git_blob_rawsize(b))));
  git_blob_free(b);
  return pointer;
}

}  // namespace hub::repos::git

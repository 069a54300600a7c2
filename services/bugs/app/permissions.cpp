#include "services/bugs/app/permissions.hpp"

#include "common/error/api_error.hpp"

namespace hub::bugs {

const access::Identity& require_filer(const access::Identity* who) {
  return access::require_discussion_writer(who);
}

bool triages(const access::Identity& who) {
  return who.discussion_write && who.role >= access::Role::kWrite;
}

void require_triager(const access::Identity& who, const std::string& what) {
  if (!triages(who)) throw ApiError(ErrorCode::kForbidden, what + " needs the write role on the repo");
}

bool wrote(const access::Identity& who, const ReportRow& report) {
  return !report.author.id.empty() && report.author.id == who.user_id;
}

void require_author_or_triager(const access::Identity& who, const ReportRow& report, const std::string& what) {
  if (wrote(who, report) || triages(who)) return;
  throw ApiError(ErrorCode::kForbidden, what + " is for the report's author or the write role on the repo");
}

}  // namespace hub::bugs

#pragma once
// Who may do what with a repo's bug reports (the gateway already refused whoever may not read the
// repo): any signed-in reader whose credential writes to discussions (a session, a write token, a
// fine-grained token with discussion.write there) files reports and comments; the write role, with
// such a credential, triages (status, severity), assigns, labels, sets fixedIn, manages labels and
// the template; a report's author edits its text (title, body, environment, affected revision) and
// may close it, and reopen it once resolved or closed.
#include <string>

#include "common/access/identity.hpp"
#include "services/bugs/domain/records.hpp"

namespace hub::bugs {

// 401 for an anonymous caller; 403 for a credential that may not write here.
const access::Identity& require_filer(const access::Identity* who);
bool triages(const access::Identity& who);
// 403 unless the caller triages; `what` says what needed it.
void require_triager(const access::Identity& who, const std::string& what);
bool wrote(const access::Identity& who, const ReportRow& report);
// 403 unless the caller triages or wrote the report.
void require_author_or_triager(const access::Identity& who, const ReportRow& report, const std::string& what);

}  // namespace hub::bugs

#pragma once
// Who may do what in a repo's threads (the gateway already refused whoever may not read the repo):
// any signed-in reader whose credential writes to discussions opens threads, comments and reacts;
// authors edit their own comments, and close, reopen and rename their own threads; the write role
// (with a credential that writes to discussions) moderates: closes, renames, hides, pins and locks,
// and alone comments on a locked thread.
#include "common/access/identity.hpp"

namespace hub::discussions {

// 401 for an anonymous caller; 403 for a credential that may not write to discussions here.
using access::require_discussion_writer;
bool moderates(const access::Identity& who);
// 403 unless the caller moderates, or is `author_id` when authors may too.
void require_moderator_or(const access::Identity& who, const std::string& author_id, const char* what);

}  // namespace hub::discussions

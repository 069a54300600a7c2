#pragma once
// Who may do what in a pull request's review (the gateway already refused whoever may not read the
// repo): any signed-in reader whose credential writes to discussions comments and replies; a
// verdict (approve, request changes) takes the write role, and counts toward a gate only while
// its reviewer still has it (domain/gates.hpp, decided when read); the author and the write role
// ask for reviews; comment authors, the pull request's author and the write role resolve threads;
// merging takes the role that may push to the base branch.
#include <string>

#include "common/access/identity.hpp"
#include "common/domain/protection_rules.hpp"
#include "services/pulls/domain/review.hpp"

namespace hub::pulls {

// 401 anonymous, 403 for a credential that may not write to discussions here.
const access::Identity& require_participant(const access::Identity* who);
void require_verdict_right(const access::Identity& who, Verdict verdict);
void require_resolver(const access::Identity& who, const PullRow& pull, const CommentRow& root);
void require_requester(const access::Identity& who, const PullRow& pull);
// Merging writes to the base branch: the rule's push role, or write without a rule.
void require_merger(const access::Identity* who, const domain::ProtectionRule* rule);

}  // namespace hub::pulls

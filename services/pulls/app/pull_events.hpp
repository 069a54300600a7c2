#pragma once
// The events a review or a merge causes (schemas/events/README.md, "What pulls emits"), written to
// the outbox in the transaction of the change.
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/domain/repo_place.hpp"
#include "common/events/catalog.hpp"
#include "common/service/repo_people.hpp"
#include "services/pulls/domain/review.hpp"

namespace hub::pulls {

events::PullFacts facts_of(const domain::RepoPlace& place, const PullRow& pull);

void emit_review(pqxx::work& tx, const domain::RepoPlace& place, const PullRow& pull, const access::Identity& actor,
                 const ReviewRow& review, std::size_t comments);
void emit_reply(pqxx::work& tx, const domain::RepoPlace& place, const PullRow& pull, const access::Identity& actor,
                const CommentRow& root, const CommentRow& reply);
void emit_review_requested(pqxx::work& tx, const domain::RepoPlace& place, const PullRow& pull,
                           const access::Identity& actor, const std::vector<ReviewRequest>& requests,
                           const std::vector<service::GroupMembers>& groups);
void emit_merged(pqxx::work& tx, const domain::RepoPlace& place, const PullRow& pull, const access::Identity& actor,
                 events::PullMerged merged);

}  // namespace hub::pulls

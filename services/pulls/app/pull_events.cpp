#include "services/pulls/app/pull_events.hpp"

#include "common/events/outbox.hpp"
#include "common/markdown/markdown.hpp"

namespace hub::pulls {
namespace {

template <class Event>
void emit(pqxx::work& tx, const domain::RepoPlace& place, const access::Identity& actor, const Event& e) {
  auto event = events::make_event(e);
  event.repo = events::RepoRef{place.repo_id, std::string(domain::type_name(place.type)), place.full_name()};
  if (!actor.anonymous()) event.actor = events::Actor{actor.user_id, actor.user_name};
  events::append(tx, "pulls", event);
}

std::vector<events::MentionRef> mentions_in(const std::string& text) {
  std::vector<events::MentionRef> out;
  for (const auto& m : markdown::mentions(text))
    out.push_back(events::MentionRef{m.user, m.group});
  return out;
}

}  // namespace

events::PullFacts facts_of(const domain::RepoPlace& place, const PullRow& pull) {
  return events::PullFacts{place.repo_id + "/" + std::to_string(pull.num),
                           pull.num,
                           pull.author_id,
                           pull.author_name,
                           place.web_url(pull.num),
                           place.api_url(pull.num),
                           pull.base_ref};
}

void emit_review(pqxx::work& tx, const domain::RepoPlace& place, const PullRow& pull, const access::Identity& actor,
                 const ReviewRow& review, std::size_t comments) {
  emit(tx, place, actor,
       events::PullReviewSubmitted{facts_of(place, pull), review.id, std::string(verdict_name(review.verdict)),
                                   review.commit_sha,
                                   review.body.empty() ? std::nullopt : std::optional<std::string>(review.body),
                                   static_cast<std::int64_t>(comments), mentions_in(review.body)});
}

void emit_reply(pqxx::work& tx, const domain::RepoPlace& place, const PullRow& pull, const access::Identity& actor,
                const CommentRow& root, const CommentRow& reply) {
  emit(tx, place, actor,
       events::PullReviewCommentCreated{facts_of(place, pull), reply.id, root.id, root.author_name, root.path,
                                        reply.body, mentions_in(reply.body)});
}

void emit_review_requested(pqxx::work& tx, const domain::RepoPlace& place, const PullRow& pull,
                           const access::Identity& actor, const std::vector<ReviewRequest>& requests,
                           const std::vector<service::GroupMembers>& groups) {
  events::PullReviewRequested e{facts_of(place, pull), {}, {}};
  for (const auto& r : requests) {
    if (!r.group) {
      e.users.push_back(r.reviewer);
      continue;
    }
    events::RequestedGroup g{r.reviewer, {}};
    for (const auto& known : groups)
      if (known.name == r.reviewer)
        for (const auto& m : known.members)
          if (m.role >= access::Role::kRead) g.members.push_back(m.name);
    e.groups.push_back(std::move(g));
  }
  emit(tx, place, actor, e);
}

void emit_merged(pqxx::work& tx, const domain::RepoPlace& place, const PullRow& pull, const access::Identity& actor,
                 events::PullMerged merged) {
  merged.pull = facts_of(place, pull);
  emit(tx, place, actor, merged);
}

}  // namespace hub::pulls

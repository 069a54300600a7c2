#include "services/discussions/app/thread_events.hpp"

#include "common/events/outbox.hpp"

namespace hub::discussions {

events::DiscussionFacts facts_of(const Place& place, const ThreadRow& t) {
  return events::DiscussionFacts{t.repo_id + "/" + std::to_string(t.num),
                                 t.num,
                                 t.title,
                                 std::string(status_name(t.status)),
                                 t.is_pull_request,
                                 t.author_id,
                                 t.author_name,
                                 place.web_url(t.num),
                                 place.api_url(t.num),
                                 t.base_ref,
                                 t.merge_commit_id};
}

events::CommentFacts facts_of(const Place& place, const ThreadRow& thread, const EventRow& comment) {
  events::CommentFacts c{comment.id,     comment.author_id, comment.author_name,
                         comment.hidden, std::nullopt,      place.comment_url(thread.num, comment.id)};
  if (!comment.hidden && !comment.versions.empty()) c.content = comment.versions.back().raw;
  return c;
}

std::vector<events::MentionRef> mention_refs(const std::vector<markdown::Mention>& mentions) {
  std::vector<events::MentionRef> out;
  for (const auto& m : mentions)
    out.push_back(events::MentionRef{m.user, m.group});
  return out;
}

void append_discussion_event(pqxx::work& tx, const Place& place, const access::Identity& actor, std::string type,
                             std::string data_json) {
  auto event = events::Envelope::make(std::move(type), std::move(data_json));
  event.repo = events::RepoRef{place.repo_id, std::string(domain::type_name(place.type)), place.full_name()};
  if (!actor.anonymous()) event.actor = events::Actor{actor.user_id, actor.user_name};
  events::append(tx, "discussions", event);
}

}  // namespace hub::discussions

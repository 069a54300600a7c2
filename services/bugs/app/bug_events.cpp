#include "services/bugs/app/bug_events.hpp"

#include "common/events/outbox.hpp"

namespace hub::bugs {

events::BugFacts facts_of(const Place& place, const ReportRow& r) {
  events::BugFacts f;
  f.id = r.repo_id + "/" + std::to_string(r.num);
  f.num = r.num;
  f.title = r.title;
  f.status = std::string(status_name(r.status));
  f.severity = std::string(severity_name(r.severity));
  f.author = events::Actor{r.author.id, r.author.name};
  f.assignees = actors_of(r.assignees);
  for (const auto& l : r.labels)
    f.labels.push_back(l.name);
  f.affected_revision = r.affected_sha;
  f.fixed_in = r.fixed_in;
  f.duplicate_of = r.duplicate_of;
  f.url_web = place.bug_web_url(r.num);
  f.url_api = place.bug_api_url(r.num);
  return f;
}

events::CommentFacts facts_of(const Place& place, std::int64_t num, const TimelineEntry& comment) {
  return events::CommentFacts{comment.id, comment.actor.id, comment.actor.name,
                              false,      comment.body,     place.bug_web_url(num) + "#" + comment.id};
}

std::vector<events::MentionRef> mention_refs(const std::vector<markdown::Mention>& mentions) {
  std::vector<events::MentionRef> out;
  out.reserve(mentions.size());
  for (const auto& m : mentions)
    out.push_back(events::MentionRef{m.user, m.group});
  return out;
}

std::vector<events::Actor> actors_of(const std::vector<Person>& people) {
  std::vector<events::Actor> out;
  out.reserve(people.size());
  for (const auto& p : people)
    out.push_back(events::Actor{p.id, p.name});
  return out;
}

void append_bug_event(pqxx::work& tx, const Place& place, const access::Identity& actor, std::string type,
                      std::string data_json) {
  auto event = events::Envelope::make(std::move(type), std::move(data_json));
  event.repo = events::RepoRef{place.repo_id, std::string(domain::type_name(place.type)), place.full_name()};
  if (!actor.anonymous()) event.actor = events::Actor{actor.user_id, actor.user_name};
  events::append(tx, "bugs", event);
}

}  // namespace hub::bugs

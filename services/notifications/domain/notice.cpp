#include "services/notifications/domain/notice.hpp"

#include <algorithm>
#include <array>

#include "common/json/json.hpp"
#include "common/util/strings.hpp"

namespace hub::notifications {
namespace {

// As GitHub: a text naming more people than this notifies the first ones only.
constexpr std::size_t kMaxMentions = 50;

std::string string_or_empty(const json::Value& object, std::string_view key) {
  auto v = json::get_optional_string(object, key);
  return v.ok() && v.value() ? std::string(*v.value()) : std::string();
}

bool flag(const json::Value& object, std::string_view key) {
  auto v = json::get_optional_bool(object, key);
  return v.ok() && v.value().value_or(false);
}

std::optional<Person> person_in(const json::Value& object, std::string_view key) {
  const json::Value* p = json::find(object, key);
  if (p == nullptr || !p->IsObject()) return std::nullopt;
  Person person{string_or_empty(*p, "id"), string_or_empty(*p, "name")};
  if (person.id.empty() && person.name.empty()) return std::nullopt;
  return person;
}

std::vector<std::string> strings_in(const json::Value& object, std::string_view key) {
  std::vector<std::string> out;
  const json::Value* list = json::find(object, key);
  if (list == nullptr || !list->IsArray()) return out;
  for (const auto& v : list->GetArray()) {
    if (v.IsString() && v.GetStringLength() > 0) out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

void read_mentions(const json::Value& data, Notice& n) {
  const json::Value* list = json::find(data, "mentions");
  if (list == nullptr || !list->IsArray()) return;
  for (const auto& m : list->GetArray()) {
    if (!m.IsObject()) continue;
    Mention mention{string_or_empty(m, "user"), string_or_empty(m, "group")};
    if (mention.user.empty()) continue;
    const bool seen = std::any_of(n.mentions.begin(), n.mentions.end(),
                                  [&](const Mention& known) { return known.key() == mention.key(); });
    if (!seen) n.mentions.push_back(std::move(mention));
    if (n.mentions.size() == kMaxMentions) return;
  }
}

// data.discussion: the thread of discussions' events.
bool read_discussion(const json::Value& data, Notice& n) {
  const json::Value* d = json::find(data, "discussion");
  if (d == nullptr || !d->IsObject()) return false;
  auto num = json::get_int(*d, "num");
  if (!num || num.value() <= 0) return false;
  n.thread_num = num.value();
  n.title = string_or_empty(*d, "title");
  n.subject_type = flag(*d, "isPullRequest") ? "pull_request" : "discussion";
  n.thread_author = person_in(*d, "author");
  return true;
}

// data.pullRequest: the pull request of pulls' events (its title is its thread's).
bool read_pull(const json::Value& data, Notice& n) {
  const json::Value* p = json::find(data, "pullRequest");
  if (p == nullptr || !p->IsObject()) return false;
  auto num = json::get_int(*p, "num");
  if (!num || num.value() <= 0) return false;
  n.thread_num = num.value();
  n.subject_type = "pull_request";
  n.thread_author = person_in(*p, "author");
  return true;
}

// data.bug: the report of bugs' events. Its body's mentions are remembered under one id per report
// (as a comment's are), so an edit tells only the people it newly names.
bool read_bug(const json::Value& data, Notice& n) {
  const json::Value* b = json::find(data, "bug");
  if (b == nullptr || !b->IsObject()) return false;
  auto num = json::get_int(*b, "num");
  if (!num || num.value() <= 0) return false;
  n.thread_num = num.value();
  n.title = string_or_empty(*b, "title");
  n.subject_type = "bug";
  n.thread_author = person_in(*b, "author");
  n.comment_id = "bug-body:" + string_or_empty(*b, "id");
  return true;
}

// People by name from a list of {id, name}; they take part in the report from now on.
void assign(const json::Value& object, std::string_view key, Notice& n) {
  const json::Value* list = json::find(object, key);
  if (list == nullptr || !list->IsArray()) return;
  for (const auto& p : list->GetArray()) {
    if (!p.IsObject()) continue;
    Person person{string_or_empty(p, "id"), string_or_empty(p, "name")};
    if (person.name.empty()) continue;
    n.assignees.push_back(person.name);
    n.joins.push_back(std::move(person));
  }
}

void actor_joins(Notice& n) {
  if (n.actor) n.joins.push_back(*n.actor);
}

bool discussion_created(const json::Value& data, Notice& n) {
  if (!read_discussion(data, n)) return false;
  read_mentions(data, n);  // in the description
  n.to_watchers = true;
  return true;
}

// Only a change of status (closed, reopened, merged, ready for review) is news; a new title is
// remembered, pins and locks are nobody's business.
bool discussion_updated(const json::Value& data, Notice& n) {
  if (!read_discussion(data, n)) return false;
  const json::Value* updated = json::find(data, "updated");
  const bool status_changed = updated != nullptr && updated->IsObject() && json::find(*updated, "oldStatus");
  n.to_watchers = n.to_participants = status_changed;
  return true;
}

// A new comment (on a thread or a bug report): news to watchers and participants; its author takes
// part from now on, the people it names are told.
bool new_comment(const json::Value& data, Notice& n) {
  const json::Value* comment = json::find(data, "comment");
  if (comment == nullptr || !comment->IsObject()) return false;
  n.comment_id = string_or_empty(*comment, "id");
  if (auto author = person_in(*comment, "author")) n.joins.push_back(*author);
  read_mentions(data, n);
  n.to_watchers = n.to_participants = true;
  return true;
}

bool comment_created(const json::Value& data, Notice& n) {
  return read_discussion(data, n) && new_comment(data, n);
}

// An edit tells only the people it newly mentions (the consumer drops those the comment named
// before); a hidden comment tells nobody anything.
bool comment_updated(const json::Value& data, Notice& n) {
  if (!read_discussion(data, n)) return false;
  const json::Value* comment = json::find(data, "comment");
  if (comment == nullptr || !comment->IsObject()) return false;
  n.comment_id = string_or_empty(*comment, "id");
  if (flag(*comment, "hidden")) return true;
  read_mentions(data, n);
  return true;
}

bool review_submitted(const json::Value& data, Notice& n) {
  if (!read_pull(data, n)) return false;
  if (const json::Value* review = json::find(data, "review"); review != nullptr && review->IsObject()) {
    n.comment_id = string_or_empty(*review, "id");
  }
  actor_joins(n);
  read_mentions(data, n);
  n.to_watchers = n.to_participants = true;
  return true;
}

// Only the people asked (the groups' members included) hear of it; they take part from now on.
bool review_requested(const json::Value& data, Notice& n) {
  if (!read_pull(data, n)) return false;
  const json::Value* reviewers = json::find(data, "reviewers");
  if (reviewers == nullptr || !reviewers->IsObject()) return false;
  n.requested_users = strings_in(*reviewers, "users");
  for (const auto& name : n.requested_users)
    n.joins.push_back(Person{"", name});
  if (const json::Value* groups = json::find(*reviewers, "groups"); groups != nullptr && groups->IsArray()) {
    for (const auto& g : groups->GetArray()) {
      if (!g.IsObject()) continue;
      const std::string name = string_or_empty(g, "name");
      if (!name.empty()) n.requested_groups.push_back(name);
      for (const auto& member : strings_in(g, "members"))
        n.joins.push_back(Person{"", member});
    }
  }
  return true;
}

bool review_comment_created(const json::Value& data, Notice& n) {
  if (!read_pull(data, n)) return false;
  if (const json::Value* comment = json::find(data, "comment"); comment != nullptr && comment->IsObject()) {
    n.comment_id = string_or_empty(*comment, "id");
    const std::string thread_author = string_or_empty(*comment, "threadAuthor");
    if (!thread_author.empty()) n.joins.push_back(Person{"", thread_author});
  }
  actor_joins(n);
  read_mentions(data, n);
  n.to_watchers = n.to_participants = true;
  return true;
}

// A new report tells the repo's watchers, the people assigned to it and those its body names.
bool bug_created(const json::Value& data, Notice& n) {
  if (!read_bug(data, n)) return false;
  if (const json::Value* b = json::find(data, "bug")) assign(*b, "assignees", n);
  read_mentions(data, n);
  n.to_watchers = true;
  return true;
}

// As for threads, a change of status (triaged, resolved by a merged fix, closed, reopened…) is news
// to watchers and participants; a new assignment to the people assigned; an edited body to those it
// newly names. Titles, severities and labels are nobody's business.
bool bug_updated(const json::Value& data, Notice& n) {
  if (!read_bug(data, n)) return false;
  const json::Value* updated = json::find(data, "updated");
  if (updated == nullptr || !updated->IsObject()) return false;
  n.to_watchers = n.to_participants = json::find(*updated, "status") != nullptr;
  assign(*updated, "assigned", n);
  if (json::find(*updated, "body") != nullptr) read_mentions(data, n);
  return true;
}

bool bug_comment_created(const json::Value& data, Notice& n) {
  return read_bug(data, n) && new_comment(data, n);
}

struct TypeReader {
  std::string_view type;
  bool (*read)(const json::Value& data, Notice& notice);  // false: the data is not what the type promises
};

// Every event type that can tell anyone anything. pull.merged is not here: discussions' own
// discussion.updated (status merged) tells the same people, once.
// bug.label and bug.template.updated concern a repo's settings, not anyone's thread: webhooks only.
constexpr std::array<TypeReader, 10> kReaders{{
    {"discussion.created", discussion_created},
    {"discussion.updated", discussion_updated},
    {"discussion.comment.created", comment_created},
    {"discussion.comment.updated", comment_updated},
    {"pull.review.submitted", review_submitted},
    {"pull.review.requested", review_requested},
    {"pull.review_comment.created", review_comment_created},
    {"bug.created", bug_created},
    {"bug.updated", bug_updated},
    {"bug.comment.created", bug_comment_created},
}};

void write_person(json::Writer& w, std::string_view key, const std::optional<Person>& p) {
  w.key(key);
  if (!p) {
    w.null();
    return;
  }
  w.begin_object().field("id", p->id).field("name", p->name).end_object();
}

void write_strings(json::Writer& w, std::string_view key, const std::vector<std::string>& list) {
  w.key(key).begin_array();
  for (const auto& s : list)
    w.value(s);
  w.end_array();
}

}  // namespace

std::string Mention::key() const {
  return util::to_lower(group.empty() ? user : user + "/" + group);
}

bool Notice::reaches_anyone() const {
  return to_watchers || to_participants || !mentions.empty() || !requested_users.empty() || !requested_groups.empty() ||
         !assignees.empty();
}

std::optional<Notice> notice_of(const events::Envelope& event) {
  if (!event.repo) return std::nullopt;
  const auto reader =
      std::find_if(kReaders.begin(), kReaders.end(), [&](const TypeReader& r) { return r.type == event.type; });
  if (reader == kReaders.end()) return std::nullopt;
  auto data = json::parse_object(event.data);
  if (!data) return std::nullopt;
  Notice n;
  n.event_id = event.id;
  n.event_type = event.type;
  n.occurred_at = event.occurred_at;
  n.repo_id = event.repo->id;
  n.repo_type = event.repo->type;
  n.repo_name = event.repo->name;
  if (event.actor) n.actor = Person{event.actor->id, event.actor->name};
  if (!reader->read(data.value(), n)) return std::nullopt;
  // As on GitHub, whoever is @mentioned follows the thread from then on.
  for (const auto& m : n.mentions)
    if (m.group.empty()) n.joins.push_back(Person{"", m.user});
  return n;
}

std::string notice_json(const Notice& n) {
  json::Writer w;
  w.begin_object()
      .field("eventId", n.event_id)
      .field("eventType", n.event_type)
      .field("occurredAt", n.occurred_at)
      .field("repoId", n.repo_id)
      .field("repoType", n.repo_type)
      .field("repoName", n.repo_name);
  write_person(w, "actor", n.actor);
  w.field("subjectType", n.subject_type)
      .field("threadNum", n.thread_num)
      .field("title", n.title)
      .field("commentId", n.comment_id)
      .field("toWatchers", n.to_watchers)
      .field("toParticipants", n.to_participants);
  w.key("mentions").begin_array();
  for (const auto& m : n.mentions)
    w.begin_object().field("user", m.user).field("group", m.group).end_object();
  w.end_array();
  write_strings(w, "requestedUsers", n.requested_users);
  write_strings(w, "requestedGroups", n.requested_groups);
  write_strings(w, "assignees", n.assignees);
  write_person(w, "threadAuthor", n.thread_author);
  w.key("joins").begin_array();
  for (const auto& p : n.joins)
    w.begin_object().field("id", p.id).field("name", p.name).end_object();
  w.end_array();
  w.end_object();
  return w.str();
}

Result<Notice> parse_notice(std::string_view text) {
  auto doc = json::parse_object(text);
  if (!doc) return fail("a notice is a JSON object: " + doc.error());
  const json::Value& d = doc.value();
  Notice n;
  n.event_id = string_or_empty(d, "eventId");
  n.event_type = string_or_empty(d, "eventType");
  n.occurred_at = string_or_empty(d, "occurredAt");
  n.repo_id = string_or_empty(d, "repoId");
  n.repo_type = string_or_empty(d, "repoType");
  n.repo_name = string_or_empty(d, "repoName");
  n.actor = person_in(d, "actor");
  n.subject_type = string_or_empty(d, "subjectType");
  auto num = json::get_int(d, "threadNum");
  if (n.event_id.empty() || n.repo_id.empty() || !num) return fail("a notice names its event, repo and thread");
  n.thread_num = num.value();
  n.title = string_or_empty(d, "title");
  n.comment_id = string_or_empty(d, "commentId");
  n.to_watchers = flag(d, "toWatchers");
  n.to_participants = flag(d, "toParticipants");
  read_mentions(d, n);
  n.requested_users = strings_in(d, "requestedUsers");
  n.requested_groups = strings_in(d, "requestedGroups");
  n.assignees = strings_in(d, "assignees");
  n.thread_author = person_in(d, "threadAuthor");
  if (const json::Value* joins = json::find(d, "joins"); joins != nullptr && joins->IsArray()) {
    for (const auto& p : joins->GetArray()) {
      if (p.IsObject()) n.joins.push_back(Person{string_or_empty(p, "id"), string_or_empty(p, "name")});
    }
  }
  return n;
}

}  // namespace hub::notifications

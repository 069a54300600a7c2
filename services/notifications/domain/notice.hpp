#pragma once
// What an event means for inboxes: the thread it is about, who it may reach (the repo's watchers,
// the thread's participants, the people it names) and who takes part in the thread from now on.
// The consumer reads it from the event (notice_of), keeps it in the pending row (notice_json), and
// the fan-out reads it back (parse_notice) to choose recipients.
//
// The mapping is one table of event types (notice.cpp, kReaders): a type that is not in it notifies
// nobody and is skipped cleanly.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/events/envelope.hpp"
#include "common/util/result.hpp"

namespace hub::notifications {

// Someone an event names: by id, or only by name (a reviewer asked for by name), or both.
struct Person {
  std::string id;
  std::string name;
};

// `@user`, or `@org/group` (group set).
struct Mention {
  std::string user;
  std::string group;

  // "user" or "org/group", lower-cased: how mentions compare.
  std::string key() const;
};

struct Notice {
  std::string event_id;
  std::string event_type;
  std::string occurred_at;
  std::string repo_id;
  std::string repo_type;
  std::string repo_name;  // at the time of the event; the fan-out uses the newest known
  std::optional<Person> actor;
  std::string subject_type = "discussion";  // discussion, pull_request, bug
  std::int64_t thread_num = 0;
  std::string title;             // the thread's, when the event carries it ("" for pulls' events)
  std::string comment_id;        // the comment whose mentions these are (edits notify only new ones)
  bool to_watchers = false;      // those watching the repo (or its organization)
  bool to_participants = false;  // the thread's author and participants
  std::vector<Mention> mentions;
  std::vector<std::string> requested_users;   // names
  std::vector<std::string> requested_groups;  // org/group
  std::vector<std::string> assignees;         // names
  std::optional<Person> thread_author;
  std::vector<Person> joins;  // who takes part in the thread from this event on

  // Whether anyone at all could be told.
  bool reaches_anyone() const;
};

// The notice of an event of a repo, or nullopt when its type notifies nobody (or its data is not
// what the type promises: such an event is skipped, never retried forever).
std::optional<Notice> notice_of(const events::Envelope& event);

std::string notice_json(const Notice& notice);
Result<Notice> parse_notice(std::string_view json);

}  // namespace hub::notifications

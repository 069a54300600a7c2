#pragma once
// Who an event reaches, and why (docs/inbox.md, "Who is told"): the people it names (mentions,
// review requests, assignees), the thread's author and participants, the repo's and its
// organization's watchers — each once, with the reason that ranks first (reason.hpp); never the
// actor, never someone ignoring the repo, never someone who may not read the repo now.
//
// Two steps around one question to auth: question_for() says whom to ask about (ids, names and
// groups), recipients() decides with auth's answer.
#include <string>
#include <vector>

#include "services/notifications/domain/notice.hpp"
#include "services/notifications/domain/reason.hpp"
#include "services/notifications/domain/watch_level.hpp"

namespace hub::notifications {

struct WatchEntry {
  std::string user_id;
  WatchLevel level = WatchLevel::kParticipating;
};

// The levels people set on the repo and on its namespace.
struct Followers {
  std::vector<WatchEntry> repo;
  std::vector<WatchEntry> organization;
};

// Someone who takes part in the thread: known by id, or only by name.
struct Participant {
  std::string user_id;
  std::string user_name;
  bool is_author = false;
};

// auth's answer (common/service/repo_people.hpp), reduced to what the choice needs.
struct RepoReader {
  std::string id;
  std::string name;
  bool can_read = false;
};
struct GroupOfReaders {
  std::string name;  // org/group
  std::vector<RepoReader> members;
};
struct PeopleFacts {
  std::vector<RepoReader> users;
  std::vector<GroupOfReaders> groups;

  void add(PeopleFacts more);
};

struct PeopleQuestion {
  std::vector<std::string> ids, names, groups;

  std::size_t size() const { return ids.size() + names.size() + groups.size(); }
  bool empty() const { return size() == 0; }
  // Adds what `more` asks that this does not ask yet.
  void add(const PeopleQuestion& more);
  // The same question in pieces of at most `max_size` entries (auth answers 200 a question).
  std::vector<PeopleQuestion> split(std::size_t max_size) const;
};

struct Recipient {
  std::string user_id;
  Reason reason = Reason::kWatching;
};

PeopleQuestion question_for(const Notice& notice, const Followers& followers,
                            const std::vector<Participant>& participants);

// Sorted by user id.
std::vector<Recipient> recipients(const Notice& notice, const Followers& followers,
                                  const std::vector<Participant>& participants, const PeopleFacts& people);

}  // namespace hub::notifications

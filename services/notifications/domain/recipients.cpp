#include "services/notifications/domain/recipients.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/util/strings.hpp"

namespace hub::notifications {
namespace {

// Each follower's level on this repo: their own on the repo, else their organization's.
std::map<std::string, WatchLevel> levels_of(const Followers& followers) {
  std::map<std::string, WatchLevel> levels;
  for (const auto& w : followers.organization)
    levels[w.user_id] = w.level;
  for (const auto& w : followers.repo)
    levels[w.user_id] = w.level;  // the repo's own wins
  return levels;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// People as auth answered: who may read, by id, and the id of each name.
class Directory {
 public:
  explicit Directory(const PeopleFacts& facts) {
    for (const auto& u : facts.users)
      learn(u);
    for (const auto& g : facts.groups) {
      auto& members = groups_[util::to_lower(g.name)];
      for (const auto& m : g.members) {
        learn(m);
        members.push_back(m.id);
      }
    }
  }
  std::string id_of(const std::string& id, const std::string& name) const {
    if (!id.empty()) return id;
    auto it = ids_.find(util::to_lower(name));
    return it == ids_.end() ? std::string() : it->second;
  }
  bool can_read(const std::string& id) const { return readers_.contains(id); }
  const std::vector<std::string>& members(const std::string& group) const {
    static const std::vector<std::string> kNone;
    auto it = groups_.find(util::to_lower(group));
    return it == groups_.end() ? kNone : it->second;
  }

 private:
  void learn(const RepoReader& r) {
    if (r.id.empty()) return;
    if (!r.name.empty()) ids_[util::to_lower(r.name)] = r.id;
    if (r.can_read) readers_.insert(r.id);
  }
  std::map<std::string, std::string> ids_;  // lower-cased name -> id
  std::set<std::string> readers_;
  std::map<std::string, std::vector<std::string>> groups_;  // lower-cased org/group -> member ids
};

std::vector<Participant> thread_people(const Notice& notice, const std::vector<Participant>& participants) {
  std::vector<Participant> people = participants;
  if (notice.thread_author) people.push_back(Participant{notice.thread_author->id, notice.thread_author->name, true});
  return people;
}

}  // namespace

void PeopleFacts::add(PeopleFacts more) {
  for (auto& u : more.users)
    users.push_back(std::move(u));
  for (auto& g : more.groups)
    groups.push_back(std::move(g));
}

void PeopleQuestion::add(const PeopleQuestion& more) {
  for (const auto& id : more.ids)
    add_unique(ids, id);
  for (const auto& name : more.names)
    add_unique(names, name);
  for (const auto& group : more.groups)
    add_unique(groups, group);
}

std::vector<PeopleQuestion> PeopleQuestion::split(std::size_t max_size) const {
  std::vector<PeopleQuestion> out;
  auto room = [&]() -> PeopleQuestion& {
    if (out.empty() || out.back().size() >= max_size) out.emplace_back();
    return out.back();
  };
  for (const auto& id : ids)
    room().ids.push_back(id);
  for (const auto& name : names)
    room().names.push_back(name);
  for (const auto& group : groups)
    room().groups.push_back(group);
  return out;
}

PeopleQuestion question_for(const Notice& notice, const Followers& followers,
                            const std::vector<Participant>& participants) {
  PeopleQuestion q;
  const auto levels = levels_of(followers);
  const std::string actor = notice.actor ? notice.actor->id : std::string();
  auto ask_id = [&](const std::string& id) {
    auto level = levels.find(id);
    if (id == actor || (level != levels.end() && level->second == WatchLevel::kIgnoring)) return;
    add_unique(q.ids, id);
  };
  for (const auto& m : notice.mentions) {
    if (m.group.empty()) {
      add_unique(q.names, m.user);
    } else {
      add_unique(q.groups, m.user + "/" + m.group);
    }
  }
  for (const auto& name : notice.requested_users)
    add_unique(q.names, name);
  for (const auto& group : notice.requested_groups)
    add_unique(q.groups, group);
  for (const auto& name : notice.assignees)
    add_unique(q.names, name);
  if (notice.to_participants) {
    for (const auto& p : thread_people(notice, participants)) {
      if (!p.user_id.empty()) {
        ask_id(p.user_id);
      } else {
        add_unique(q.names, p.user_name);
      }
    }
  }
  if (notice.to_watchers) {
    for (const auto& [id, level] : levels)
      if (level == WatchLevel::kWatching) ask_id(id);
  }
  return q;
}

std::vector<Recipient> recipients(const Notice& notice, const Followers& followers,
                                  const std::vector<Participant>& participants, const PeopleFacts& people) {
  const Directory directory(people);
  const auto levels = levels_of(followers);
  std::map<std::string, Reason> best;
  auto consider = [&](const std::string& id, Reason reason) {
    if (id.empty()) return;
    auto [it, added] = best.emplace(id, reason);
    if (!added) it->second = std::min(it->second, reason);
  };
  for (const auto& m : notice.mentions) {
    if (m.group.empty()) {
      consider(directory.id_of("", m.user), Reason::kMention);
    } else {
      for (const auto& id : directory.members(m.user + "/" + m.group))
        consider(id, Reason::kMention);
    }
  }
  for (const auto& name : notice.requested_users)
    consider(directory.id_of("", name), Reason::kReviewRequested);
  for (const auto& group : notice.requested_groups)
    for (const auto& id : directory.members(group))
      consider(id, Reason::kReviewRequested);
  for (const auto& name : notice.assignees)
    consider(directory.id_of("", name), Reason::kAssigned);
  if (notice.to_participants) {
    for (const auto& p : thread_people(notice, participants))
      consider(directory.id_of(p.user_id, p.user_name), p.is_author ? Reason::kAuthor : Reason::kParticipating);
  }
  if (notice.to_watchers) {
    for (const auto& [id, level] : levels)
      if (level == WatchLevel::kWatching) consider(id, Reason::kWatching);
  }

  const std::string actor_id = notice.actor ? directory.id_of(notice.actor->id, notice.actor->name) : std::string();
  std::vector<Recipient> out;
  for (const auto& [id, reason] : best) {
    if (id == actor_id) continue;
    if (auto level = levels.find(id); level != levels.end() && level->second == WatchLevel::kIgnoring) continue;
    if (!directory.can_read(id)) continue;
    out.push_back(Recipient{id, reason});
  }
  return out;  // a std::map's order: by user id
}

}  // namespace hub::notifications

#include "services/auth/app/repo_people.hpp"

#include "common/db/transaction.hpp"
#include "services/auth/app/registry.hpp"
#include "services/auth/store/group_store.hpp"
#include "services/auth/store/org_store.hpp"
#include "services/auth/store/repo_registry_store.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {
namespace {

// The role a session of this user would have on the repo.
access::Role role_of(pqxx::transaction_base& tx, const ScopeKey& repo, const UserCard& user) {
  const CallerToken session{user.id, user.name, "session", "write", ""};
  return decide_scope(tx, repo, session).role;
}

}  // namespace

RepoPeople repo_people(db::Pool& db, const RepoPeopleQuery& query) {
  return db::read_once(db, [&](pqxx::nontransaction& tx) {
    RepoPeople out;
    auto add = [&](const std::optional<UserCard>& user) {
      if (user) out.users.push_back(RepoPerson{user->id, user->name, role_of(tx, query.repo, *user)});
    };
    for (const auto& id : query.user_ids)
      add(find_user_by_id(tx, id));
    for (const auto& name : query.user_names)
      add(find_user_by_name(tx, name));
    for (const auto& full : query.groups) {
      const auto slash = full.find('/');
      if (slash == std::string::npos) continue;
      const auto org = find_org_by_name(tx, full.substr(0, slash));
      if (!org) continue;
      for (const auto& group : groups_of_org(tx, org->id)) {
        if (group.name != full.substr(slash + 1)) continue;
        RepoGroup g{full, {}};
        for (const auto& member : group_members(tx, group.id)) {
          if (auto user = find_user_by_name(tx, member.user)) {
            g.members.push_back(RepoPerson{user->id, user->name, role_of(tx, query.repo, *user)});
          }
        }
        out.groups.push_back(std::move(g));
      }
    }
    return out;
  });
}

std::vector<std::string> readable_repos(db::Pool& db, const std::string& user_id,
                                        const std::vector<std::string>& repo_ids) {
  return db::read_once(db, [&](pqxx::nontransaction& tx) {
    std::vector<std::string> out;
    const auto user = find_user_by_id(tx, user_id);
    if (!user) return out;
    for (const auto& repo : find_repos_by_id(tx, repo_ids)) {
      if (role_of(tx, ScopeKey{repo.type, repo.ns, repo.name}, *user) >= access::Role::kRead) out.push_back(repo.id);
    }
    return out;
  });
}

}  // namespace hub::auth

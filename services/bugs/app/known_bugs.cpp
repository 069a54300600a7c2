#include "services/bugs/app/known_bugs.hpp"

#include <map>

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "services/bugs/app/repos_client.hpp"
#include "services/bugs/store/repo_store.hpp"
#include "services/bugs/store/report_store.hpp"

namespace hub::bugs {

std::string commit_named(service::Context& ctx, const Peers& peers, const Place& place, const std::string& revision,
                         const std::string& request_id) {
  if (util::is_commit_sha(revision) &&
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return known_descendant(tx, place.repo_id, revision); })) {
    return revision;
  }
  return resolve_commit(*peers.repos, place.repo_id, revision, request_id);
}

void learn_history(service::Context& ctx, const Peers& peers, const Place& place, const std::string& commit,
                   const std::string& request_id) {
  const std::vector<std::string> unasked =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return unasked_commits(tx, place.repo_id, commit); });
  if (unasked.empty()) return;
  std::map<std::string, bool> learned = ancestors_among(*peers.repos, place.repo_id, commit, unasked, request_id);
  // A sha the repo lacks is in no history of a commit it has (a commit's ancestors are all there):
  // not an ancestor, for good.
  for (const auto& c : unasked)
    learned.emplace(c, false);
  db::transact(ctx.db, [&](pqxx::work& tx) { remember_ancestry(tx, place.repo_id, commit, learned); });
}

}  // namespace hub::bugs

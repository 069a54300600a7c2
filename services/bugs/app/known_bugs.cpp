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

std::vector<std::string> commits_in_history(service::Context& ctx, const Peers& peers, const Place& place,
                                            const std::string& commit, const std::string& request_id) {
  std::vector<std::string> named;
  std::map<std::string, bool> known = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    named = named_commits(tx, place.repo_id);
    return known_ancestry(tx, place.repo_id, commit, named);
  });
  std::vector<std::string> unknown;
  for (const auto& c : named) {
    if (c != commit && !known.contains(c)) unknown.push_back(c);
  }
  // A commit the repo lacks now is left out: not an ancestor, and nothing to remember.
  std::map<std::string, bool> learned;
  if (!unknown.empty()) learned = ancestors_among(*peers.repos, place.repo_id, commit, unknown, request_id);
  if (!learned.empty()) {
    db::transact(ctx.db, [&](pqxx::work& tx) { remember_ancestry(tx, place.repo_id, commit, learned); });
  }
  std::vector<std::string> out;
  for (const auto& c : named) {
    if (c == commit || known[c] || learned[c]) out.push_back(c);
  }
  return out;
}

}  // namespace hub::bugs

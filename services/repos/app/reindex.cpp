#include "services/repos/app/reindex.hpp"

#include <filesystem>
#include <set>
#include <vector>

#include "common/db/transaction.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/app/unrecorded_pushes.hpp"
#include "services/repos/config.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/lfs_store.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

namespace fs = std::filesystem;

// Brings one repo's row and links in line with its git data. The history is read first, outside
// the transaction, which then reads the row once.
void reindex_repo(db::Pool& db, const ReposConfig& config, const std::string& id, ReindexReport& report,
                  std::ostream& out) {
  const LfsStore store = LfsStore(config.lfs_dir());
  std::optional<GitRepo> repo;
  std::set<std::string> named;
  if (fs::exists(config.git_path(id))) {
    repo.emplace(config.git_path(id));
    named = lfs_oids_in_history(repo->raw(), std::nullopt);
  }
  db::transact(db, [&](pqxx::work& tx) {
    auto current = find_repo_by_id(tx, id);
    if (!current) return;  // deleted meanwhile
    ++report.repos;
    if (!repo) {
      ++report.git_missing;
      out << "missing git data: " << current->type << " " << current->full_name() << " (" << id << ")\n";
      return;
    }
    // Read after the row: a commit racing this pass has moved the ref before its row, so at worst
    // its update is reported twice, never lost.
    const std::string now_head = repo->resolve("refs/heads/main").value_or("");
    if (now_head != current->head_sha && !now_head.empty()) {
      record_ref_updates(tx, *current, nullptr, {RefUpdate{"refs/heads/main", current->head_sha, now_head}});
      ++report.heads_moved;
      out << "head moved: " << current->full_name() << " " << (current->head_sha.empty() ? "(none)" : current->head_sha)
          << " -> " << now_head << "\n";
    }
    const std::vector<std::string> wanted(named.begin(), named.end());
    std::set<std::string> linked;
    for (auto& [oid, size] : linked_objects(tx, id, wanted))
      linked.insert(oid);
    for (const auto& oid : wanted) {
      if (linked.contains(oid)) continue;
      if (auto size = store.stored_size(oid)) {
        link_object(tx, id, oid, *size);
        ++report.links_added;
        out << "linked: " << current->full_name() << " " << oid << "\n";
      } else {
        ++report.objects_missing;
        out << "object not stored: " << current->full_name() << " " << oid << "\n";
      }
    }
  });
}

}  // namespace

ReindexReport reindex(db::Pool& db, const ReposConfig& config, std::ostream& out) {
  ReindexReport report;
  report.pushes_recorded = record_unrecorded(db, config);
  if (report.pushes_recorded > 0) out << "recorded " << report.pushes_recorded << " pushes written down earlier\n";
  std::vector<std::string> ids;
  std::set<std::string> known, deleted;
  db::read_once(db, [&](pqxx::nontransaction& tx) {
    for (const auto& r : tx.exec("SELECT id::text FROM repos.repos ORDER BY id"))
      ids.push_back(r[0].as<std::string>());
    for (const auto& r : tx.exec("SELECT id::text FROM repos.deleted_repos"))
      deleted.insert(r[0].as<std::string>());
  });
  known.insert(ids.begin(), ids.end());
  for (const auto& id : ids)
    reindex_repo(db, config, id, report, out);

  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(config.data_dir + "/repos", ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".git")) continue;
    const std::string id = name.substr(0, name.size() - 4);
    if (known.contains(id)) continue;
    if (deleted.contains(id)) {
      std::error_code removed;
      fs::remove_all(entry.path(), removed);
      if (!removed) {
        ++report.leftovers_removed;
        out << "removed the git data of deleted repo " << id << "\n";
        continue;
      }
    }
    // A repo created after the list above was read, or a folder no row names: left alone.
    auto row = db::read_once(db, [&](pqxx::nontransaction& tx) { return find_repo_by_id(tx, id); });
    if (row) continue;
    ++report.orphans;
    out << "no repo names git data " << entry.path().string() << "\n";
  }
  return report;
}

}  // namespace hub::repos

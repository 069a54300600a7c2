#include "services/repos/app/lfs_gc.hpp"

#include <unistd.h>

#include <cerrno>

#include "common/db/transaction.hpp"
#include "common/log/log.hpp"
#include "common/work/background.hpp"

namespace hub::repos {

std::size_t collect_lfs_once(db::Pool& db, const LfsStore& store, std::chrono::seconds grace, std::size_t batch) {
  return db::transact(db, [&](pqxx::work& tx) {
    auto doomed = tx.exec_params(
        "SELECT oid FROM repos.lfs_objects x WHERE x.stored_at < now() - make_interval(secs => $1) "
        "AND NOT EXISTS (SELECT 1 FROM repos.repo_lfs_objects l WHERE l.oid = x.oid) "
        "ORDER BY stored_at LIMIT $2 FOR UPDATE SKIP LOCKED",
        static_cast<double>(grace.count()), static_cast<long>(batch));
    std::size_t collected = 0;
    for (const auto& row : doomed) {
      const std::string oid = row[0].as<std::string>();
      tx.exec_params("DELETE FROM repos.tensor_hashes WHERE oid = $1", oid);
      tx.exec_params("DELETE FROM repos.lfs_objects WHERE oid = $1", oid);
      // Before the commit, while the row is locked: an upload waiting on it will find no file and
      // store its own copy.
      if (::unlink(store.path_of(oid).c_str()) != 0 && errno != ENOENT) {
        log::warn("could not remove an LFS object", {{"oid", oid}, {"errno", errno}});
      }
      ++collected;
    }
    return collected;
  });
}

void start_lfs_gc(db::Pool& db, LfsStore store, std::chrono::seconds interval, std::chrono::seconds grace) {
  static work::Background loop;
  loop.start([&db, store = std::move(store), interval, grace] {
    while (loop.sleep_for(interval)) {
      try {
        std::size_t n = 0;
        while ((n = collect_lfs_once(db, store, grace)) > 0) {
          log::info("unreferenced LFS objects collected", {{"count", n}});
          if (loop.stopping()) return;
        }
      } catch (const std::exception& e) {
        log::warn("LFS collection postponed", {{"error", e.what()}});
      }
    }
  });
}

}  // namespace hub::repos

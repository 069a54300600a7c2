#pragma once
// `hub-repos admin reindex`: git is the source of truth for content, so what the repos schema keeps
// about it can be rebuilt from the bare repositories (docs/architecture.md, "Data outside PostgreSQL").
// After a database restored from an older backup, or a push whose post-receive hook could not
// reach the database, it repairs:
//   - pushes written down because their hook could not reach the database are recorded first
//     (unrecorded_pushes.hpp; the service does so too, every few seconds);
//   - each repo's head: when main is not where the row says, the row moves and a repo.content event
//     reports the update (so what consumers missed reaches them);
//   - LFS links: every object a pointer anywhere in the repo's history names, and that the store
//     holds, is linked to the repo (git only took such pointers after the bytes were given);
//   - the git folders of deleted repos that a failed removal left behind are removed.
// It reports, and leaves alone, repos whose git folder is missing, pointers to objects the store
// does not hold, and git folders no repo row names.
#include <cstddef>
#include <ostream>
#include <string>

#include "common/db/pool.hpp"
#include "services/repos/config.hpp"

namespace hub::repos {

struct ReindexReport {
  std::size_t repos = 0;
  std::size_t pushes_recorded = 0;
  std::size_t heads_moved = 0;
  std::size_t links_added = 0;
  std::size_t objects_missing = 0;  // pointers naming objects the store does not hold
  std::size_t git_missing = 0;      // rows whose git folder is gone
  std::size_t leftovers_removed = 0;
  std::size_t orphans = 0;  // git folders no row names
};

// One pass over every repo; a line for each finding goes to `out`.
ReindexReport reindex(db::Pool& db, const ReposConfig& config, std::ostream& out);

}  // namespace hub::repos

#pragma once
// Collects LFS objects no repo links to any more (their repos were deleted) once they have been
// unlinked and untouched for a grace period, so a collection never races an upload: an upload
// stamps and locks the object's row, and the collector removes only rows it locked, older than the
// grace period, with no link, deleting the file before its transaction commits.
#include <chrono>
#include <cstddef>

#include "common/db/pool.hpp"
#include "services/repos/store/lfs_store.hpp"

namespace hub::repos {

// One pass (at most `batch` objects): how many were collected.
std::size_t collect_lfs_once(db::Pool& db, const LfsStore& store, std::chrono::seconds grace, std::size_t batch = 1000);

// A pass every `interval`, on a thread of its own, until the process stops.
void start_lfs_gc(db::Pool& db, LfsStore store, std::chrono::seconds interval, std::chrono::seconds grace);

}  // namespace hub::repos

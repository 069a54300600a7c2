#pragma once
// LFS objects on disk: content-addressed by SHA-256 under $HUB_DATA_DIR/lfs/, stored once, and
// linked per repo in the database (a repo may use only objects it was given the bytes of).
#include <cstdint>
#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "services/repos/domain/lfs_pointer.hpp"

namespace hub::repos {

class LfsStore {
 public:
  explicit LfsStore(std::string root) : root_(std::move(root)) {}

  // Where the object lives once stored: <root>/ab/cd/<oid>.
  std::string path_of(std::string_view oid) const;
  // Its size on disk, or nullopt when it is not stored.
  std::optional<std::uint64_t> stored_size(std::string_view oid) const;
  // A folder for uploads in progress, on the same file system as the objects (rename is atomic).
  std::string temp_dir() const { return root_ + "/tmp"; }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// Copies the regular file open on `in`, of `size` bytes, to the empty file open on `out`, handing
// every byte to `consume` in order, and leaves `out` `size` bytes long. Only data is written: what
// the file system reports as holes (SEEK_DATA, SEEK_HOLE) is handed over as zeros from memory, never
// read, and blocks that read as zeros are not written either, so `out` holds no more blocks than
// `in`. At most a megabyte is held at a time. Throws std::runtime_error when reading or writing
// fails, or when `in` is not `size` bytes long.
void copy_sparse(int in, int out, std::uint64_t size, const std::function<void(std::string_view)>& consume);

// Which of `oids` are linked to the repo, with their sizes.
std::vector<std::pair<std::string, std::uint64_t>> linked_objects(pqxx::transaction_base& tx,
                                                                  const std::string& repo_id,
                                                                  const std::vector<std::string>& oids);
// Records the object (once; its row locked and stamped now) and links it to the repo.
void link_object(pqxx::work& tx, const std::string& repo_id, const std::string& oid, std::uint64_t size);

}  // namespace hub::repos

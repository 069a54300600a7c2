#pragma once
// Reading a repo's files: tree listings, paths-info and downloads. A file behind an LFS pointer is
// served from the LFS store only when the object is linked to this repo (it was given the bytes)
// and stored; otherwise what git holds, the pointer's text, as the Hub does.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/http/message.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/git_objects.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

// "rev/path" split at the longest prefix that names a revision (refs/pr/1 may hold slashes): the
// commit and the path. 404 RevisionNotFound, naming the revision the client most likely meant.
struct RevisionPath {
  std::string commit;
  std::string path;
};
RevisionPath split_revision(const ReposConfig& config, const RepoRow& repo, std::string_view rest);

struct ListedEntry {
  TreeEntry entry;
  std::optional<CommitInfo> last_commit;  // when asked for
};

struct TreePage {
  std::vector<ListedEntry> entries;
  bool more = false;
};
TreePage list_tree(const ReposConfig& config, const RepoRow& repo, const RevisionPath& where, bool recursive,
                   bool with_last_commit, std::size_t skip, std::size_t limit);

// The entries of `paths` at `revision` (unknown paths left out, as the Hub does). 404
// RevisionNotFound for a revision that names nothing.
std::vector<ListedEntry> paths_info(const ReposConfig& config, const RepoRow& repo, const std::string& revision,
                                    const std::vector<std::string>& paths, bool with_last_commit);

// What a download serves.
struct FileToServe {
  bool found = false;
  std::string lfs_path;  // the LFS object's file, when it is served from the store
  std::string oid;       // the LFS oid, or git's blob id
  std::uint64_t size = 0;
};
// `raw`: git's bytes even for an LFS file (the pointer's text).
FileToServe file_to_serve(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                          const RevisionPath& where, bool raw);

// A git blob's bytes from `offset`, `length` long: held in memory up to `inline_limit`, streamed
// from git beyond it (a large file committed without LFS is never held whole).
std::string read_blob(const ReposConfig& config, const RepoRow& repo, const std::string& oid,
                      std::uint64_t inline_limit);
std::shared_ptr<http::BodySource> stream_blob(const ReposConfig& config, const RepoRow& repo, const std::string& oid,
                                              std::uint64_t offset, std::uint64_t length);

}  // namespace hub::repos

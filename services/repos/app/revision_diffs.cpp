#include "services/repos/app/revision_diffs.hpp"

#include <algorithm>

#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"
#include "services/repos/app/file_reads.hpp"
#include "services/repos/git/git_diff.hpp"

namespace hub::repos {
namespace {

struct Endpoints {
  std::string base, head, merge_base;
};

Endpoints resolve_endpoints(GitRepo& git, const std::string& base_revision, const std::string& head_revision) {
  Endpoints out;
  for (const auto& [revision, into] : {std::pair{&base_revision, &out.base}, std::pair{&head_revision, &out.head}}) {
    auto sha = git.resolve(*revision);
    if (!sha) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(*revision, 200));
    *into = *sha;
  }
  out.merge_base = merge_base_of(git, out.base, out.head).value_or("");
  return out;
}

// The first bytes of a blob too large for libgit2 to load, from `git cat-file`, which streams it
// (the process is stopped once they are read).
BlobPrefix prefix_reader(const ReposConfig& config, const RepoRow& repo) {
  return [&config, &repo](const std::string& oid, std::size_t n) {
    auto source = stream_blob(config, repo, oid, 0, n);
    std::string out;
    char buf[8192];
    while (out.size() < n) {
      const std::size_t got = source->read(buf, std::min(sizeof buf, n - out.size()));
      if (got == 0) break;
      out.append(buf, got);
    }
    return out;
  };
}

}  // namespace

DiffPage diff_page(const ReposConfig& config, const RepoRow& repo, const std::string& base_revision,
                   const std::string& head_revision, const std::string& after, std::size_t limit) {
  GitRepo git(config.git_path(repo.id));
  const Endpoints at = resolve_endpoints(git, base_revision, head_revision);
  ChangedFiles files(git, at.merge_base, at.head, prefix_reader(config, repo));
  DiffPage page;
  page.base = at.base;
  page.head = at.head;
  page.merge_base = at.merge_base;
  std::size_t i = after.empty() ? 0 : files.first_after(after);
  for (; i < files.size() && page.files.size() < limit; ++i)
    page.files.push_back(files.describe(i));
  if (i < files.size() && !page.files.empty()) page.next = page.files.back().path;
  return page;
}

FilePatch file_patch(const ReposConfig& config, const RepoRow& repo, const std::string& base_revision,
                     const std::string& head_revision, const std::string& path, std::size_t offset, std::size_t limit) {
  GitRepo git(config.git_path(repo.id));
  const Endpoints at = resolve_endpoints(git, base_revision, head_revision);
  ChangedFiles files(git, at.merge_base, at.head, prefix_reader(config, repo));
  const auto index = files.find(path);
  if (!index) {
    throw ApiError(ErrorCode::kEntryNotFound, "no changed file at " + util::header_safe(path, 200));
  }
  return files.patch(*index, offset, limit);
}

}  // namespace hub::repos

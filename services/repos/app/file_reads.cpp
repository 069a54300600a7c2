#include "services/repos/app/file_reads.hpp"

#include "common/util/strings.hpp"
#include "services/repos/app/lfs_objects.hpp"
#include "services/repos/git/cgi.hpp"
#include "services/repos/git/git_repo.hpp"

namespace hub::repos {

RevisionPath split_revision(const ReposConfig& config, const RepoRow& repo, std::string_view rest) {
  GitRepo git(config.git_path(repo.id));
  auto split = git.resolve_prefix(rest);
  if (!split) {
    // No prefix names a revision: the message names the revision the client most likely meant (the
    // first segment, or refs/<kind>/<name>), not the file path after it.
    const auto parts = util::split(rest, '/');
    std::size_t take = parts.size() >= 3 && parts[0] == "refs" ? 3 : 1;
    std::string revision;
    for (std::size_t i = 0; i < take && i < parts.size(); ++i) {
      if (i > 0) revision += '/';
      revision += parts[i];
    }
    throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(revision, 200));
  }
  return RevisionPath{split->first, split->second};
}

TreePage list_tree(const ReposConfig& config, const RepoRow& repo, const RevisionPath& where, bool recursive,
                   bool with_last_commit, std::size_t skip, std::size_t limit) {
  GitRepo git(config.git_path(repo.id));
  TreePage page;
  std::size_t seen = 0;
  git.list(where.commit, where.path, recursive, [&](const TreeEntry& e) {
    if (seen++ < skip) return;
    if (page.entries.size() == limit) {
      page.more = true;
      return;
    }
    page.entries.push_back(ListedEntry{e, std::nullopt});
  });
  if (with_last_commit) {
    for (auto& listed : page.entries)
      listed.last_commit = git.last_commit_for(where.commit, listed.entry.path);
  }
  return page;
}

std::vector<ListedEntry> paths_info(const ReposConfig& config, const RepoRow& repo, const std::string& revision,
                                    const std::vector<std::string>& paths, bool with_last_commit) {
  GitRepo git(config.git_path(repo.id));
  auto commit = git.resolve(revision);
  if (!commit) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(revision, 200));
  std::vector<ListedEntry> out;
  for (const auto& p : paths) {
    if (p.size() > 1000) continue;
    auto e = git.entry(*commit, p);
    if (!e || e->path.empty()) continue;  // unknown paths are left out, as the Hub does
    std::optional<CommitInfo> last;
    if (with_last_commit) last = git.last_commit_for(*commit, e->path);
    out.push_back(ListedEntry{std::move(*e), std::move(last)});
  }
  return out;
}

FileToServe file_to_serve(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                          const RevisionPath& where, bool raw) {
  GitRepo git(config.git_path(repo.id));
  auto e = git.entry(where.commit, where.path);
  if (!e || e->directory || e->path.empty()) return FileToServe{};
  // The object behind a pointer is served only to a repo it is linked to (this repo was given its
  // bytes), checked here where it is served and not only where pointers are written.
  if (e->lfs && !raw && object_linked(ctx, repo.id, *e->lfs)) {
    if (auto path = stored_object_path(config, e->lfs->oid, e->lfs->size)) {
      return FileToServe{true, *path, e->lfs->oid, e->lfs->size};
    }
  }
  return FileToServe{true, "", e->oid, git.blob_size(e->oid)};
}

std::string read_blob(const ReposConfig& config, const RepoRow& repo, const std::string& oid,
                      std::uint64_t inline_limit) {
  return GitRepo(config.git_path(repo.id)).read_blob(oid, inline_limit);
}

std::shared_ptr<http::BodySource> stream_blob(const ReposConfig& config, const RepoRow& repo, const std::string& oid,
                                              std::uint64_t offset, std::uint64_t length) {
  CgiRequest cat;
  cat.program = config.git_binary;
  cat.args = {"--git-dir=" + config.git_path(repo.id), "cat-file", "blob", oid};
  cat.env = {"PATH=" + config.path_env, "HOME=" + config.data_dir, "GIT_CONFIG_NOSYSTEM=1"};
  return window(run_output(std::move(cat)), offset, length);
}

}  // namespace hub::repos

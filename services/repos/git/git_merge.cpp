#include "services/repos/git/git_merge.hpp"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include <memory>
#include <set>

#include "common/error/api_error.hpp"
#include "services/repos/git/git_ptr.hpp"
#include "services/repos/git/git_support.hpp"

namespace hub::repos {
namespace {

git_oid oid_of(const std::string& hex) {
  git_oid oid;
  if (git_oid_fromstr(&oid, hex.c_str()) != 0) throw ApiError(ErrorCode::kBadRequest, "not a commit id: " + hex);
  return oid;
}

using git::check;
using git::Commit;
using git::Diff;
using git::Index;
using git::Signature;
using git::Tree;

Commit commit_of(git_repository* repo, const std::string& hex) {
  git_commit* c = nullptr;
  const git_oid oid = oid_of(hex);
  if (git_commit_lookup(&c, repo, &oid) != 0) throw ApiError(ErrorCode::kRevisionNotFound, "no commit " + hex);
  return Commit(c);
}

Tree tree_of(git_commit* c) {
  git_tree* t = nullptr;
  check(git_commit_tree(&t, c), "tree");
  return Tree(t);
}

// The paths a merged index holds in conflict, sorted, each once.
std::vector<std::string> conflict_paths(git_index* idx) {
  git_index_conflict_iterator* it = nullptr;
  check(git_index_conflict_iterator_new(&it, idx), "conflicts");
  const git_index_entry *ancestor = nullptr, *a = nullptr, *b = nullptr;
  std::set<std::string> paths;
  while (git_index_conflict_next(&ancestor, &a, &b, it) == 0) {
    const git_index_entry* any = a != nullptr ? a : b != nullptr ? b : ancestor;
    if (any != nullptr) paths.insert(any->path);
  }
  git_index_conflict_iterator_free(it);
  return {paths.begin(), paths.end()};
}

}  // namespace

Comparison compare(GitRepo& git, const std::string& base_commit, const std::string& head_commit,
                   std::size_t max_commits) {
  git_repository* repo = git.raw();
  Comparison out;
  out.base = base_commit;
  out.head = head_commit;
  const git_oid base = oid_of(base_commit);
  const git_oid head = oid_of(head_commit);
  git_oid mb;
  if (git_merge_base(&mb, repo, &base, &head) == 0) out.merge_base = git::to_hex(&mb);
  Commit head_c = commit_of(repo, head_commit);
  Tree head_t = tree_of(head_c.get());
  Tree from_t;
  if (!out.merge_base.empty()) from_t = tree_of(commit_of(repo, out.merge_base).get());
  git_diff* d = nullptr;
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  check(git_diff_tree_to_tree(&d, repo, from_t.get(), head_t.get(), &opts), "diff");
  Diff diff(d);
  for (std::size_t i = 0; i < git_diff_num_deltas(d); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(d, i);
    ChangedFile f;
    f.path = delta->new_file.path != nullptr ? delta->new_file.path : delta->old_file.path;
    f.status = delta->status == GIT_DELTA_ADDED ? "added" : delta->status == GIT_DELTA_DELETED ? "deleted" : "modified";
    if (delta->status != GIT_DELTA_ADDED) f.old_oid = git::to_hex(&delta->old_file.id);
    if (delta->status != GIT_DELTA_DELETED) f.new_oid = git::to_hex(&delta->new_file.id);
    out.files.push_back(std::move(f));
  }
  // Commits on head that base lacks.
  git_revwalk* w = nullptr;
  check(git_revwalk_new(&w, repo), "revwalk");
  git::Revwalk walk(w);
  git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  check(git_revwalk_push(w, &head), "revwalk push");
  check(git_revwalk_hide(w, &base), "revwalk hide");
  git_oid next;
  while (out.commits.size() < max_commits && git_revwalk_next(&next, w) == 0) {
    out.commits.push_back(git.commit_info(git::to_hex(&next)));
  }
  return out;
}

MergeResult merge(GitRepo& git, const MergeRequest& request) {
  git_repository* repo = git.raw();
  MergeResult out;
  const auto current = git.resolve(request.base_ref);
  if (!current) throw ApiError(ErrorCode::kRevisionNotFound, "no branch " + request.base_ref);
  if (*current != request.expected_base) {
    throw ApiError(ErrorCode::kPreconditionFailed, "the base branch moved: it is at " + *current);
  }
  if (request.strategy == "fast-forward") {
    if (!git.fast_forward(*current, request.head)) {
      throw ApiError(ErrorCode::kConflict, "the base has commits the head lacks: no fast-forward");
    }
    git.update_ref(request.base_ref, *current, request.head);
    out.commit = request.head;
    return out;
  }
  Commit ours = commit_of(repo, *current);
  Commit theirs = commit_of(repo, request.head);
  git_index* idx = nullptr;
  git_merge_options opts = GIT_MERGE_OPTIONS_INIT;
  check(git_merge_commits(&idx, repo, ours.get(), theirs.get(), &opts), "merge");
  Index index(idx);
  if (git_index_has_conflicts(idx)) {
    out.conflicts = conflict_paths(idx);
    return out;
  }
  git_oid tree_oid;
  check(git_index_write_tree_to(&tree_oid, idx, repo), "merged tree");
  git_tree* t = nullptr;
  check(git_tree_lookup(&t, repo, &tree_oid), "merged tree");
  Tree tree(t);
  git_signature* s = nullptr;
  check(git_signature_now(&s, request.author_name.c_str(), request.author_email.c_str()), "signature");
  Signature who(s);
  const git_commit* parents[2] = {ours.get(), theirs.get()};
  const std::size_t count = request.strategy == "squash" ? 1 : 2;
  git_oid commit_oid;
  check(git_commit_create(&commit_oid, repo, nullptr, who.get(), who.get(), "UTF-8", request.message.c_str(),
                          tree.get(), count, parents),
        "merge commit");
  out.commit = git::to_hex(&commit_oid);
  git.update_ref(request.base_ref, *current, out.commit);
  return out;
}

MergeCheck try_merge(GitRepo& git, const std::string& base, const std::string& head) {
  MergeCheck out;
  out.fast_forward = git.fast_forward(base, head);
  // A three-way merge writes the blobs it merges into the object database. Through a handle of
  // its own whose object database writes first into memory, nothing reaches the repository: the
  // objects go when the handle does.
  git_repository* r = nullptr;
  check(git_repository_open_bare(&r, git_repository_path(git.raw())), "open repository");
  git::Repository repo(r);
  git_odb* o = nullptr;
  check(git_repository_odb(&o, r), "odb");
  git::Odb odb(o);
  git_odb_backend* memory = nullptr;
  check(git_mempack_new(&memory), "in-memory objects");
  if (const int rc = git_odb_add_backend(o, memory, 1000); rc < 0) {
    memory->free(memory);
    check(rc, "in-memory objects");
  }
  Commit ours = commit_of(r, base);
  Commit theirs = commit_of(r, head);
  git_index* idx = nullptr;
  git_merge_options opts = GIT_MERGE_OPTIONS_INIT;
  check(git_merge_commits(&idx, r, ours.get(), theirs.get(), &opts), "merge");
  Index index(idx);
  if (git_index_has_conflicts(idx)) out.conflicts = conflict_paths(idx);
  return out;
}

}  // namespace hub::repos

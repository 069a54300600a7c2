#include "services/repos/git/lfs_pointers.hpp"

#include <vector>

#include "services/repos/git/git_ptr.hpp"
#include "services/repos/git/git_support.hpp"

namespace hub::repos {
namespace {

using git::Blob;
using git::check;
using git::Commit;
using git::Diff;
using git::Revwalk;
using git::to_hex;
using git::Tree;

// The pointer's oid if blob `id` is an LFS pointer.
std::optional<std::string> pointer_oid(git_repository* repo, const git_oid* id) {
  git_blob* b = nullptr;
  if (git_blob_lookup(&b, repo, id) != 0) return std::nullopt;
  Blob blob(b);
  const auto size = static_cast<std::size_t>(git_blob_rawsize(b));
  if (size >= kMaxLfsPointer) return std::nullopt;
  auto p = parse_lfs_pointer(std::string_view(static_cast<const char*>(git_blob_rawcontent(b)), size));
  if (!p) return std::nullopt;
  return p->oid;
}

// Adds the oids of the pointers `commit` (whose tree is `tree`) adds or changes against its first
// parent.
void pointers_changed(git_repository* repo, git_commit* commit, git_tree* tree, std::set<std::string>& seen,
                      std::set<std::string>& oids) {
  Tree parent_tree;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* p = nullptr;
    if (git_commit_parent(&p, commit, 0) == 0) {
      Commit parent(p);
      git_tree* t = nullptr;
      if (git_commit_tree(&t, p) == 0) parent_tree.reset(t);
    }
  }
  git_diff* d = nullptr;
  check(git_diff_tree_to_tree(&d, repo, parent_tree.get(), tree, nullptr), "diff");
  Diff diff(d);
  for (std::size_t i = 0; i < git_diff_num_deltas(d); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(d, i);
    if (delta->status != GIT_DELTA_ADDED && delta->status != GIT_DELTA_MODIFIED &&
        delta->status != GIT_DELTA_TYPECHANGE) {
      continue;
    }
    if (!seen.insert(to_hex(&delta->new_file.id)).second) continue;
    if (auto oid = pointer_oid(repo, &delta->new_file.id)) oids.insert(*oid);
  }
}

}  // namespace

std::set<std::string> lfs_oids_in_history(git_repository* repo, const std::optional<std::string>& new_tip) {
  std::set<std::string> oids;
  git_revwalk* w = nullptr;
  check(git_revwalk_new(&w, repo), "revwalk");
  Revwalk walk(w);
  if (new_tip) {
    git_oid start;
    if (git_oid_fromstr(&start, new_tip->c_str()) != 0 || git_revwalk_push(w, &start) != 0) return oids;
    git_revwalk_hide_glob(w, "refs/*");  // commits the repo already had are not looked at again
  } else if (git_revwalk_push_glob(w, "refs/*") != 0) {
    return oids;  // no refs: nothing is reachable
  }
  std::set<std::string> seen;  // trees and blobs already read
  git_oid commit_id;
  while (git_revwalk_next(&commit_id, w) == 0) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo, &commit_id) != 0) continue;
    Commit commit(c);
    git_tree* root = nullptr;
    if (git_commit_tree(&root, c) != 0) continue;
    if (new_tip) {
      // A pushed commit names only what it changes: its blobs that differ from its first parent's
      // (all of them for a root commit). What it keeps unchanged was accepted with the parent, so
      // a big repo's push costs its change, and a push that adds no pointer asks the database
      // nothing.
      Tree tree(root);
      pointers_changed(repo, c, tree.get(), seen, oids);
      continue;
    }
    std::vector<Tree> stack;
    stack.emplace_back(root);
    while (!stack.empty()) {
      Tree tree = std::move(stack.back());
      stack.pop_back();
      for (std::size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {
        const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
        if (!seen.insert(to_hex(git_tree_entry_id(e))).second) continue;
        if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
          git_tree* sub = nullptr;
          if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) == 0) stack.emplace_back(sub);
        } else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
          if (auto oid = pointer_oid(repo, git_tree_entry_id(e))) oids.insert(*oid);
        }
      }
    }
  }
  return oids;
}

}  // namespace hub::repos

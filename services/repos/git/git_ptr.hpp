#pragma once
// Owning pointers for libgit2 objects, each freed by its own git_*_free.
#include <git2.h>

#include <memory>

namespace hub::repos::git {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using Object = Owned<git_object, git_object_free>;
using Commit = Owned<git_commit, git_commit_free>;
using Tree = Owned<git_tree, git_tree_free>;
using TreeEntry = Owned<git_tree_entry, git_tree_entry_free>;
using Blob = Owned<git_blob, git_blob_free>;
using Reference = Owned<git_reference, git_reference_free>;
using Revwalk = Owned<git_revwalk, git_revwalk_free>;
using Signature = Owned<git_signature, git_signature_free>;
using Odb = Owned<git_odb, git_odb_free>;
using RefIterator = Owned<git_reference_iterator, git_reference_iterator_free>;
using TreeBuilder = Owned<git_treebuilder, git_treebuilder_free>;
using Diff = Owned<git_diff, git_diff_free>;
using Index = Owned<git_index, git_index_free>;
using Repository = Owned<git_repository, git_repository_free>;

}  // namespace hub::repos::git

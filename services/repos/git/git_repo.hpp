#pragma once
// A bare git repository read and written through libgit2, which only services/repos/git/ sees
// (tests/layering checks it). Every write of the HTTP APIs lands here as a new commit and a ref moved with
// compare-and-swap on its old value, so two writers racing for a branch never lose an update.
// Not thread-safe: open one per request (opening costs a few file reads).
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "services/repos/domain/git_objects.hpp"
#include "services/repos/git/lfs_pointers.hpp"

struct git_repository;

namespace hub::repos {

// Caps libgit2's object cache and mmap windows, once per process, before any repo is opened.
void init_libgit2();

class GitRepo {
 public:
  // A bare repository whose HEAD names refs/heads/main, with a first commit holding `files`.
  static void create(const std::string& path, const std::vector<Change>& files, std::string_view author_name,
                     std::string_view author_email);
  explicit GitRepo(const std::string& path);  // throws ApiError(kRepoNotFound) when absent
  ~GitRepo();
  GitRepo(const GitRepo&) = delete;
  GitRepo& operator=(const GitRepo&) = delete;

  // A revision as the Hub accepts it: HEAD, a branch, a tag, refs/…, or a commit sha (7 to 40 hex).
  // The commit's sha, or nullopt when it names nothing.
  std::optional<std::string> resolve(std::string_view revision);
  // The full ref a branch or ref name stands for, if it exists (HEAD → refs/heads/main).
  std::optional<std::string> branch_ref(std::string_view revision);
  // Splits "rev/with/slashes/and/a/path" at the longest prefix that resolves: {commit, rest}.
  std::optional<std::pair<std::string, std::string>> resolve_prefix(std::string_view revision_and_path);

  // The entry at `path` in the commit's tree ("" is the root folder), or nullopt.
  std::optional<TreeEntry> entry(const std::string& commit, std::string_view path);
  // The folder's entries (all below it when recursive), visited in tree order.
  void list(const std::string& commit, std::string_view folder, bool recursive,
            const std::function<void(const TreeEntry&)>& visit);
  // The blob's bytes; throws ApiError(kPayloadTooLarge) above max_size.
  std::string read_blob(const std::string& oid, std::uint64_t max_size);
  std::uint64_t blob_size(const std::string& oid);

  // The newest commit that changed `path`, looking back at most `depth` commits from `commit`.
  std::optional<CommitInfo> last_commit_for(const std::string& commit, std::string_view path, int depth = 500);
  CommitInfo commit_info(const std::string& commit);
  // Commits reachable from `commit`, newest first, skipping `skip`; and the total.
  std::vector<CommitInfo> log(const std::string& commit, std::size_t skip, std::size_t limit);
  std::size_t count(const std::string& commit);

  Refs refs();
  // Commits `request` and moves its branch; ApiError(kPreconditionFailed) when the branch head is
  // not `expected_head` by the time the ref moves.
  CommitResult commit(const CommitRequest& request);
  // Creates `ref` at `commit` (no commit: an empty tree with no parent); 409 when it exists.
  void create_ref(const std::string& ref, const std::optional<std::string>& commit, std::string_view author_name,
                  std::string_view author_email);
  // Moves or deletes (`commit` empty) `ref` if it still points at `expected` (kZeroOid: absent).
  void update_ref(const std::string& ref, const std::string& expected, const std::string& commit);
  void create_tag(std::string_view name, const std::string& commit, std::string_view message,
                  std::string_view author_name, std::string_view author_email);
  // Whether `descendant` has `ancestor` in its history (or is it): a move from one to the other is
  // a fast-forward.
  bool fast_forward(const std::string& ancestor, const std::string& descendant);
  // Of `shas` (full commit ids), those that are `descendant` or in its history: one walk of that
  // history, which stops once every candidate was seen (a thousand candidates cost one walk, not a
  // thousand).
  std::set<std::string> in_history(const std::string& descendant, const std::vector<std::string>& shas);
  // Whether `sha` (a full id) is a commit of this repo, by its object id only: never a ref's name
  // (a branch may be called like a sha).
  bool has_commit(const std::string& sha);
  // Writes a blob into the object database (unreferenced until a commit uses it): its oid.
  std::string write_blob(std::string_view content);
  // Whether a path at this commit goes to LFS by its .gitattributes (filter=lfs).
  bool lfs_by_attributes(const std::string& commit, std::string_view path);
  // A commit object (no ref names it; git's gc removes it) whose tree is `base`'s (or empty) with
  // .gitattributes replaced by `attributes`: what lfs_by_attributes() reads when a commit about to
  // be made changes the attributes (preupload's gitAttributes).
  std::string with_attributes(const std::optional<std::string>& base, std::string_view attributes);

  git_repository* raw() { return repo_; }

 private:
  git_repository* repo_ = nullptr;
};

// A valid full ref name, as git itself checks it.
bool valid_ref_name(std::string_view ref);

}  // namespace hub::repos

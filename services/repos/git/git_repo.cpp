#include "services/repos/git/git_repo.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"
#include "services/repos/git/git_ptr.hpp"
#include "services/repos/git/git_support.hpp"

namespace hub::repos {
namespace {

using git::Blob;
using git::check;
using git::Commit;
using git::Object;
using git::Odb;
using git::Reference;
using git::RefIterator;
using git::Revwalk;
using git::Signature;
using git::to_hex;
using git::Tree;
using git::TreeBuilder;
using TreeEntryPtr = git::TreeEntry;

git_oid to_oid(const std::string& hex) {
  git_oid oid;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, hex.c_str()) < 0) {
    throw ApiError(ErrorCode::kInternal, "internal error", "not an object id: " + hex);
  }
  return oid;
}

bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Commit lookup_commit(git_repository* repo, const std::string& hex) {
  git_commit* c = nullptr;
  const git_oid oid = to_oid(hex);
  check(git_commit_lookup(&c, repo, &oid), "commit lookup");
  return Commit(c);
}

Tree commit_tree(git_repository* repo, const std::string& commit) {
  Commit c = lookup_commit(repo, commit);
  git_tree* t = nullptr;
  check(git_commit_tree(&t, c.get()), "commit tree");
  return Tree(t);
}

Signature signature(std::string_view name, std::string_view email) {
  git_signature* s = nullptr;
  check(git_signature_now(&s, std::string(name).c_str(), std::string(email).c_str()), "signature");
  return Signature(s);
}

CommitInfo info_of(const git_commit* c) {
  CommitInfo info;
  info.id = to_hex(git_commit_id(c));
  const char* message = git_commit_message(c);
  info.message = message != nullptr ? message : "";
  const char* summary = git_commit_summary(const_cast<git_commit*>(c));
  info.title = summary != nullptr ? summary : "";
  const git_signature* author = git_commit_author(c);
  info.author_name = author != nullptr && author->name != nullptr ? author->name : "";
  info.time = static_cast<std::int64_t>(git_commit_time(c));
  for (unsigned i = 0; i < git_commit_parentcount(c); ++i)
    info.parents.push_back(to_hex(git_commit_parent_id(c, i)));
  return info;
}

// Reads a blob's size, and its pointer if it is small enough to be one.
void describe_blob(git_repository* repo, git_odb* odb, const git_oid* oid, TreeEntry& out) {
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  check(git_odb_read_header(&size, &type, odb, oid), "blob header");
  out.size = size;
  if (auto pointer = git::lfs_pointer_in(repo, oid, size)) {
    out.size = pointer->size;
    out.lfs = std::move(pointer);
  }
}

TreeEntry entry_of(git_repository* repo, git_odb* odb, const git_tree_entry* e, std::string path) {
  TreeEntry out;
  out.path = std::move(path);
  out.oid = to_hex(git_tree_entry_id(e));
  out.directory = git_tree_entry_type(e) == GIT_OBJECT_TREE;
  if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) describe_blob(repo, odb, git_tree_entry_id(e), out);
  return out;
}

Tree empty_tree(git_repository* repo) {
  git_treebuilder* b = nullptr;
  check(git_treebuilder_new(&b, repo, nullptr), "treebuilder");
  TreeBuilder builder(b);
  git_oid empty;
  check(git_treebuilder_write(&empty, b), "empty tree");
  git_tree* t = nullptr;
  check(git_tree_lookup(&t, repo, &empty), "empty tree");
  return Tree(t);
}

Odb open_odb(git_repository* repo) {
  git_odb* odb = nullptr;
  check(git_repository_odb(&odb, repo), "odb");
  return Odb(odb);
}

std::string clean_path(std::string_view path) {
  while (!path.empty() && path.front() == '/')
    path.remove_prefix(1);
  while (!path.empty() && path.back() == '/')
    path.remove_suffix(1);
  return std::string(path);
}

// An oid written, as a blob, into the repo's object database.
git_oid store_blob(git_repository* repo, std::string_view content) {
  git_oid oid;
  check(git_blob_create_from_buffer(&oid, repo, content.data(), content.size()), "write blob");
  return oid;
}

// The full ref names `revision` may stand for, in the order they are tried: HEAD is main, a full
// name is itself, and a short name is a branch, then (where tags count) a tag.
std::vector<std::string> candidate_refs(std::string_view revision, bool tags_too) {
  if (revision == "HEAD") return {"refs/heads/main"};
  if (revision.starts_with("refs/")) return {std::string(revision)};
  std::vector<std::string> names{"refs/heads/" + std::string(revision)};
  if (tags_too) names.push_back("refs/tags/" + std::string(revision));
  return names;
}

}  // namespace

void init_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // A big repository must not inflate the service: 64 MiB of cached objects, 256 MiB of mapped
    // pack windows at most.
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(64) << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, static_cast<size_t>(32) << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, static_cast<size_t>(256) << 20);
    // Not the machine's or the service user's git configuration: only the repo's own.
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
  });
}

bool valid_ref_name(std::string_view ref) {
  int valid = 0;
  return git_reference_name_is_valid(&valid, std::string(ref).c_str()) == 0 && valid == 1;
}

void GitRepo::create(const std::string& path, const std::vector<Change>& files, std::string_view author_name,
                     std::string_view author_email) {
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
  opts.initial_head = "main";
  git_repository* raw = nullptr;
  check(git_repository_init_ext(&raw, path.c_str(), &opts), "init");
  GitRepo repo(path);
  git_repository_free(raw);
  CommitRequest first;
  first.branch_ref = "refs/heads/main";
  first.expected_head = std::string(kZeroOid);
  first.author_name = std::string(author_name);
  first.author_email = std::string(author_email);
  first.message = "initial commit";
  first.changes = files;
  repo.commit(first);
}

GitRepo::GitRepo(const std::string& path) {
  if (git_repository_open_bare(&repo_, path.c_str()) < 0) {
    throw ApiError(ErrorCode::kRepoNotFound, "Repository not found", "cannot open " + path);
  }
}

GitRepo::~GitRepo() {
  git_repository_free(repo_);
}

std::optional<std::string> GitRepo::branch_ref(std::string_view revision) {
  for (const auto& name : candidate_refs(revision, /*tags_too=*/false)) {
    if (!valid_ref_name(name)) continue;
    git_reference* r = nullptr;
    if (git_reference_lookup(&r, repo_, name.c_str()) == 0) {
      git_reference_free(r);
      return name;
    }
  }
  return std::nullopt;
}

std::optional<std::string> GitRepo::resolve(std::string_view revision) {
  if (revision.empty() || revision.size() > 255) return std::nullopt;
  for (const auto& name : candidate_refs(revision, /*tags_too=*/true)) {
    if (!valid_ref_name(name)) continue;
    git_reference* r = nullptr;
    if (git_reference_lookup(&r, repo_, name.c_str()) != 0) continue;
    Reference ref(r);
    git_object* target = nullptr;
    if (git_reference_peel(&target, r, GIT_OBJECT_COMMIT) != 0) continue;
    Object obj(target);
    return to_hex(git_object_id(target));
  }
  if (revision.size() >= 7 && revision.size() <= GIT_OID_HEXSZ && all_hex(revision)) {
    git_oid prefix;
    if (git_oid_fromstrn(&prefix, revision.data(), revision.size()) != 0) return std::nullopt;
    git_commit* c = nullptr;
    if (git_commit_lookup_prefix(&c, repo_, &prefix, revision.size()) != 0) return std::nullopt;
    Commit commit(c);
    return to_hex(git_commit_id(c));
  }
  return std::nullopt;
}

std::optional<std::pair<std::string, std::string>> GitRepo::resolve_prefix(std::string_view text) {
  // Longest first: a branch may be called "v1/beta" while "v1" is another.
  std::vector<std::size_t> ends{text.size()};
  for (std::size_t i = text.size(); i-- > 0;) {
    if (text[i] == '/') ends.push_back(i);
  }
  for (const std::size_t end : ends) {
    if (end == 0) continue;
    if (auto commit = resolve(text.substr(0, end))) {
      return std::make_pair(*commit, std::string(end < text.size() ? text.substr(end + 1) : std::string_view()));
    }
  }
  return std::nullopt;
}

std::optional<TreeEntry> GitRepo::entry(const std::string& commit, std::string_view path) {
  Tree tree = commit_tree(repo_, commit);
  Odb odb = open_odb(repo_);
  const std::string clean = clean_path(path);
  if (clean.empty()) {
    TreeEntry root;
    root.directory = true;
    root.oid = to_hex(git_tree_id(tree.get()));
    return root;
  }
  git_tree_entry* e = nullptr;
  if (git_tree_entry_bypath(&e, tree.get(), clean.c_str()) != 0) return std::nullopt;
  TreeEntryPtr owned(e);
  return entry_of(repo_, odb.get(), e, clean);
}

void GitRepo::list(const std::string& commit, std::string_view folder, bool recursive,
                   const std::function<void(const TreeEntry&)>& visit) {
  Tree root = commit_tree(repo_, commit);
  Odb odb = open_odb(repo_);
  const std::string base = clean_path(folder);
  Tree start;
  if (base.empty()) {
    start = std::move(root);
  } else {
    git_tree_entry* e = nullptr;
    if (git_tree_entry_bypath(&e, root.get(), base.c_str()) != 0) {
      throw ApiError(ErrorCode::kEntryNotFound, "no folder " + base + " at this revision");
    }
    TreeEntryPtr owned(e);
    if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
      throw ApiError(ErrorCode::kEntryNotFound, base + " is not a folder");
    }
    git_tree* t = nullptr;
    check(git_tree_lookup(&t, repo_, git_tree_entry_id(e)), "tree lookup");
    start = Tree(t);
  }
  const std::string prefix = base.empty() ? "" : base + "/";
  // An explicit stack rather than git_tree_walk: the visitor may throw, which must not cross C.
  std::vector<std::pair<Tree, std::string>> stack;
  stack.emplace_back(std::move(start), prefix);
  while (!stack.empty()) {
    auto [tree, at] = std::move(stack.back());
    stack.pop_back();
    std::vector<std::pair<Tree, std::string>> below;
    const std::size_t n = git_tree_entrycount(tree.get());
    for (std::size_t i = 0; i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.get(), i);
      const git_object_t type = git_tree_entry_type(e);
      if (type != GIT_OBJECT_BLOB && type != GIT_OBJECT_TREE) continue;  // submodules are not files
      std::string path = at + git_tree_entry_name(e);
      visit(entry_of(repo_, odb.get(), e, path));
      if (recursive && type == GIT_OBJECT_TREE) {
        git_tree* t = nullptr;
        check(git_tree_lookup(&t, repo_, git_tree_entry_id(e)), "tree lookup");
        below.emplace_back(Tree(t), path + "/");
      }
    }
    // Depth-first, in tree order.
    for (auto it = below.rbegin(); it != below.rend(); ++it)
      stack.push_back(std::move(*it));
  }
}

std::string GitRepo::read_blob(const std::string& oid_hex, std::uint64_t max_size) {
  git_blob* b = nullptr;
  const git_oid oid = to_oid(oid_hex);
  check(git_blob_lookup(&b, repo_, &oid), "blob lookup");
  Blob blob(b);
  const auto size = static_cast<std::uint64_t>(git_blob_rawsize(b));
  if (size > max_size) throw ApiError(ErrorCode::kPayloadTooLarge, "the file is too large to read this way");
  return std::string(static_cast<const char*>(git_blob_rawcontent(b)), size);
}

std::uint64_t GitRepo::blob_size(const std::string& oid_hex) {
  Odb odb = open_odb(repo_);
  const git_oid oid = to_oid(oid_hex);
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  check(git_odb_read_header(&size, &type, odb.get(), &oid), "blob header");
  return size;
}

CommitInfo GitRepo::commit_info(const std::string& commit) {
  return info_of(lookup_commit(repo_, commit).get());
}

std::optional<CommitInfo> GitRepo::last_commit_for(const std::string& commit, std::string_view path, int depth) {
  const std::string clean = clean_path(path);
  auto id_at = [&](git_commit* c) -> std::optional<git_oid> {
    git_tree* t = nullptr;
    if (git_commit_tree(&t, c) != 0) return std::nullopt;
    Tree tree(t);
    if (clean.empty()) return *git_tree_id(t);
    git_tree_entry* e = nullptr;
    if (git_tree_entry_bypath(&e, t, clean.c_str()) != 0) return std::nullopt;
    TreeEntryPtr owned(e);
    return *git_tree_entry_id(e);
  };
  // First-parent walk: the newest commit whose parent had another object (or none) at the path.
  Commit current = lookup_commit(repo_, commit);
  for (int i = 0; i < depth; ++i) {
    const auto here = id_at(current.get());
    if (!here) return std::nullopt;
    if (git_commit_parentcount(current.get()) == 0) return info_of(current.get());
    git_commit* p = nullptr;
    check(git_commit_parent(&p, current.get(), 0), "parent");
    Commit parent(p);
    const auto there = id_at(p);
    if (!there || !git_oid_equal(&*here, &*there)) return info_of(current.get());
    current = std::move(parent);
  }
  return info_of(current.get());
}

std::vector<CommitInfo> GitRepo::log(const std::string& commit, std::size_t skip, std::size_t limit) {
  git_revwalk* w = nullptr;
  check(git_revwalk_new(&w, repo_), "revwalk");
  Revwalk walk(w);
  check(git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME), "revwalk sorting");
  const git_oid start = to_oid(commit);
  check(git_revwalk_push(w, &start), "revwalk push");
  std::vector<CommitInfo> out;
  git_oid oid;
  std::size_t seen = 0;
  while (out.size() < limit && git_revwalk_next(&oid, w) == 0) {
    if (seen++ < skip) continue;
    git_commit* c = nullptr;
    check(git_commit_lookup(&c, repo_, &oid), "commit lookup");
    Commit owned(c);
    out.push_back(info_of(c));
  }
  return out;
}

std::size_t GitRepo::count(const std::string& commit) {
  git_revwalk* w = nullptr;
  check(git_revwalk_new(&w, repo_), "revwalk");
  Revwalk walk(w);
  const git_oid start = to_oid(commit);
  check(git_revwalk_push(w, &start), "revwalk push");
  std::size_t n = 0;
  git_oid oid;
  while (git_revwalk_next(&oid, w) == 0)
    ++n;
  return n;
}

Refs GitRepo::refs() {
  git_reference_iterator* it = nullptr;
  check(git_reference_iterator_new(&it, repo_), "refs");
  RefIterator owned(it);
  Refs out;
  git_reference* r = nullptr;
  while (git_reference_next(&r, it) == 0) {
    Reference ref(r);
    git_object* target = nullptr;
    if (git_reference_peel(&target, r, GIT_OBJECT_COMMIT) != 0) continue;
    Object obj(target);
    RefInfo info;
    info.ref = git_reference_name(r);
    info.target = to_hex(git_object_id(target));
    if (info.ref.starts_with("refs/heads/")) {
      info.name = info.ref.substr(11);
      out.branches.push_back(std::move(info));
    } else if (info.ref.starts_with("refs/tags/")) {
      info.name = info.ref.substr(10);
      out.tags.push_back(std::move(info));
    } else if (info.ref.starts_with("refs/convert/")) {
      info.name = info.ref.substr(13);
      out.converts.push_back(std::move(info));
    } else if (info.ref.starts_with("refs/pr/")) {
      info.name = info.ref;
      out.pulls.push_back(std::move(info));
    }
  }
  return out;
}

CommitResult GitRepo::commit(const CommitRequest& request) {
  CommitResult result;
  result.old_head = std::string(kZeroOid);
  Commit parent;
  git_reference* r = nullptr;
  if (git_reference_lookup(&r, repo_, request.branch_ref.c_str()) == 0) {
    Reference ref(r);
    git_object* target = nullptr;
    check(git_reference_peel(&target, r, GIT_OBJECT_COMMIT), "branch head");
    Object obj(target);
    result.old_head = to_hex(git_object_id(target));
    parent = lookup_commit(repo_, result.old_head);
  }
  if (request.expected_head && *request.expected_head != result.old_head) {
    throw ApiError(ErrorCode::kPreconditionFailed, "the branch moved: its head is no longer the parent commit given");
  }
  // The baseline tree and each change applied to it; the last change of a path wins.
  Tree base;
  if (parent) {
    git_tree* t = nullptr;
    check(git_commit_tree(&t, parent.get()), "parent tree");
    base = Tree(t);
  }
  std::map<std::string, const Change*> last;
  for (const auto& c : request.changes)
    last[c.path] = &c;
  std::vector<git_tree_update> updates;
  std::vector<std::string> paths;
  paths.reserve(last.size());
  updates.reserve(last.size());
  for (const auto& [path, change] : last) {
    paths.push_back(path);
    git_tree_update u{};
    if (change->remove) {
      u.action = GIT_TREE_UPDATE_REMOVE;
    } else {
      u.action = GIT_TREE_UPDATE_UPSERT;
      u.id = change->blob_oid.empty() ? store_blob(repo_, change->content) : to_oid(change->blob_oid);
      u.filemode = GIT_FILEMODE_BLOB;
    }
    updates.push_back(u);
  }
  for (std::size_t i = 0; i < updates.size(); ++i)
    updates[i].path = paths[i].c_str();
  // Without a parent the baseline is the empty tree, where there is nothing to remove.
  const bool first = !base;
  Tree baseline = first ? empty_tree(repo_) : std::move(base);
  std::vector<git_tree_update> apply;
  for (const auto& u : updates) {
    if (!first || u.action == GIT_TREE_UPDATE_UPSERT) apply.push_back(u);
  }
  git_oid tree_oid;
  if (git_tree_create_updated(&tree_oid, repo_, baseline.get(), apply.size(), apply.data()) < 0) {
    const git_error* e = git_error_last();
    throw ApiError(ErrorCode::kBadRequest, "these changes do not make a tree (a file and a folder of one name?)",
                   e != nullptr && e->message != nullptr ? e->message : "");
  }
  git_tree* t = nullptr;
  check(git_tree_lookup(&t, repo_, &tree_oid), "new tree");
  Tree tree(t);
  Signature who = signature(request.author_name, request.author_email);
  const git_commit* parents[1] = {parent.get()};
  git_oid commit_oid;
  check(git_commit_create(&commit_oid, repo_, nullptr, who.get(), who.get(), "UTF-8", request.message.c_str(),
                          tree.get(), parent ? 1 : 0, parents),
        "commit");
  // Compare-and-swap: libgit2 locks the ref and checks its value under the lock.
  git_reference* moved = nullptr;
  int rc = 0;
  if (parent) {
    const git_oid old = to_oid(result.old_head);
    rc = git_reference_create_matching(&moved, repo_, request.branch_ref.c_str(), &commit_oid, 1, &old,
                                       request.message.substr(0, 200).c_str());
  } else {
    rc = git_reference_create(&moved, repo_, request.branch_ref.c_str(), &commit_oid, 0,
                              request.message.substr(0, 200).c_str());
  }
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
    throw ApiError(ErrorCode::kPreconditionFailed,
                   "the branch moved while this commit was made; retry on its new head");
  }
  check(rc, "move branch");
  git_reference_free(moved);
  result.commit = to_hex(&commit_oid);
  return result;
}

void GitRepo::create_ref(const std::string& ref, const std::optional<std::string>& commit, std::string_view author_name,
                         std::string_view author_email) {
  git_oid target;
  if (commit) {
    target = to_oid(*commit);
  } else {
    Tree tree = empty_tree(repo_);
    Signature who = signature(author_name, author_email);
    check(git_commit_create(&target, repo_, nullptr, who.get(), who.get(), "UTF-8", "empty branch", tree.get(), 0,
                            nullptr),
          "empty commit");
  }
  git_reference* created = nullptr;
  const int rc = git_reference_create(&created, repo_, ref.c_str(), &target, 0, "created");
  if (rc == GIT_EEXISTS) throw ApiError(ErrorCode::kConflict, "reference already exists: " + ref);
  if (rc == GIT_ELOCKED) throw ApiError(ErrorCode::kConflict, "reference is being changed: " + ref);
  check(rc, "create ref");
  git_reference_free(created);
}

void GitRepo::update_ref(const std::string& ref, const std::string& expected, const std::string& commit) {
  git_reference* r = nullptr;
  const bool exists = git_reference_lookup(&r, repo_, ref.c_str()) == 0;
  Reference current(exists ? r : nullptr);
  auto moved = [&] { throw ApiError(ErrorCode::kPreconditionFailed, ref + " is not where the caller expected"); };
  if (!exists && expected != kZeroOid) moved();
  if (exists) {
    git_object* target = nullptr;
    check(git_reference_peel(&target, r, GIT_OBJECT_COMMIT), "ref target");
    Object obj(target);
    if (to_hex(git_object_id(target)) != expected) moved();
  }
  if (commit.empty() || commit == kZeroOid) {
    if (!exists) return;
    // libgit2 deletes under the ref's lock only if it still has the value read above.
    const int rc = git_reference_delete(r);
    if (rc == GIT_EMODIFIED || rc == GIT_ELOCKED) moved();
    check(rc, "delete ref");
    return;
  }
  const git_oid target = to_oid(commit);
  git_reference* out = nullptr;
  int rc = 0;
  if (exists) {
    const git_oid old = to_oid(expected);
    rc = git_reference_create_matching(&out, repo_, ref.c_str(), &target, 1, &old, "updated");
  } else {
    rc = git_reference_create(&out, repo_, ref.c_str(), &target, 0, "created");
  }
  if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) moved();
  check(rc, "update ref");
  git_reference_free(out);
}

void GitRepo::create_tag(std::string_view name, const std::string& commit, std::string_view message,
                         std::string_view author_name, std::string_view author_email) {
  git_object* target = nullptr;
  const git_oid oid = to_oid(commit);
  check(git_object_lookup(&target, repo_, &oid, GIT_OBJECT_COMMIT), "tag target");
  Object obj(target);
  git_oid tag_oid;
  const std::string tag(name);
  int rc = 0;
  if (message.empty()) {
    rc = git_tag_create_lightweight(&tag_oid, repo_, tag.c_str(), target, 0);
  } else {
    Signature who = signature(author_name, author_email);
    rc = git_tag_create(&tag_oid, repo_, tag.c_str(), target, who.get(), std::string(message).c_str(), 0);
  }
  if (rc == GIT_EEXISTS) throw ApiError(ErrorCode::kConflict, "tag already exists: " + tag);
  if (rc == GIT_EINVALIDSPEC) throw ApiError(ErrorCode::kBadRequest, "invalid tag name: " + tag);
  check(rc, "create tag");
}

bool GitRepo::fast_forward(const std::string& ancestor, const std::string& descendant) {
  if (ancestor == descendant) return true;
  const git_oid a = to_oid(ancestor);
  const git_oid d = to_oid(descendant);
  const int rc = git_graph_descendant_of(repo_, &d, &a);
  check(rc, "descendant");
  return rc == 1;
}

std::set<std::string> GitRepo::in_history(const std::string& descendant, const std::vector<std::string>& shas) {
  std::set<std::string> wanted(shas.begin(), shas.end());
  std::set<std::string> found;
  if (wanted.erase(descendant) > 0) found.insert(descendant);
  if (wanted.empty()) return found;
  git_revwalk* w = nullptr;
  check(git_revwalk_new(&w, repo_), "revwalk");
  Revwalk walk(w);
  const git_oid start = to_oid(descendant);
  check(git_revwalk_push(w, &start), "revwalk push");
  git_oid next;
  while (!wanted.empty() && git_revwalk_next(&next, w) == 0) {
    const std::string sha = to_hex(&next);
    if (wanted.erase(sha) > 0) found.insert(sha);
  }
  return found;
}

bool GitRepo::has_commit(const std::string& sha) {
  if (sha.size() != GIT_OID_HEXSZ || !all_hex(sha)) return false;
  const git_oid oid = to_oid(sha);
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo_, &oid) != 0) return false;
  Commit commit(c);
  return true;
}

std::string GitRepo::write_blob(std::string_view content) {
  git_oid oid;
  check(git_blob_create_from_buffer(&oid, repo_, content.data(), content.size()), "write blob");
  return to_hex(&oid);
}

bool GitRepo::lfs_by_attributes(const std::string& commit, std::string_view path) {
  git_attr_options opts = GIT_ATTR_OPTIONS_INIT;
  opts.flags = GIT_ATTR_CHECK_INCLUDE_COMMIT | GIT_ATTR_CHECK_NO_SYSTEM | GIT_ATTR_CHECK_INDEX_ONLY;
  opts.attr_commit_id = to_oid(commit);
  const char* value = nullptr;
  if (git_attr_get_ext(&value, repo_, &opts, std::string(path).c_str(), "filter") < 0) return false;
  return git_attr_value(value) == GIT_ATTR_VALUE_STRING && std::string_view(value) == "lfs";
}

std::string GitRepo::with_attributes(const std::optional<std::string>& base, std::string_view attributes) {
  const git_oid blob = to_oid(write_blob(attributes));
  Tree root = base ? commit_tree(repo_, *base) : empty_tree(repo_);
  git_treebuilder* b = nullptr;
  check(git_treebuilder_new(&b, repo_, root.get()), "treebuilder");
  TreeBuilder builder(b);
  check(git_treebuilder_insert(nullptr, b, ".gitattributes", &blob, GIT_FILEMODE_BLOB), "attributes entry");
  git_oid tree_oid;
  check(git_treebuilder_write(&tree_oid, b), "attributes tree");
  git_tree* t = nullptr;
  check(git_tree_lookup(&t, repo_, &tree_oid), "attributes tree");
  Tree tree(t);
  // A fixed signature and time: the same attributes on the same base make the same object.
  git_signature* s = nullptr;
  check(git_signature_new(&s, "hub", "hub@localhost", 0, 0), "signature");
  Signature who(s);
  git_oid commit;
  check(git_commit_create(&commit, repo_, nullptr, who.get(), who.get(), "UTF-8", "attributes preview", tree.get(), 0,
                          nullptr),
        "attributes commit");
  return git::to_hex(&commit);
}

}  // namespace hub::repos

#include "services/repos/app/commits.hpp"

#include <map>

#include "common/db/transaction.hpp"
#include "common/domain/protection_rules.hpp"
#include "common/util/strings.hpp"
#include "services/repos/app/discussions_client.hpp"
#include "services/repos/app/peer_requests.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/domain/commit_format.hpp"
#include "services/repos/domain/formats.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/lfs_store.hpp"
#include "services/repos/store/pull_ref_store.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

constexpr std::size_t kMaxCommitOperations = 100000;

// The sha of the file now at `path` as preupload reports it: sha256 for LFS files, git oid otherwise.
std::optional<std::string> remote_oid(GitRepo& git, const std::optional<std::string>& commit, const std::string& path) {
  if (!commit) return std::nullopt;
  auto e = git.entry(*commit, path);
  if (!e || e->directory) return std::nullopt;
  return e->lfs ? e->lfs->oid : e->oid;
}

// Lines of a streamed NDJSON body, each at most `limit` bytes.
class LineReader {
 public:
  LineReader(http::BodyReader& body, std::size_t limit) : body_(body), limit_(limit) {}

  std::optional<std::string> next() {
    for (;;) {
      if (auto nl = buffer_.find('\n', scanned_); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        scanned_ = 0;
        return line;
      }
      scanned_ = buffer_.size();
      if (buffer_.size() > limit_) {
        throw ApiError(ErrorCode::kPayloadTooLarge, "a commit line is larger than " + std::to_string(limit_ >> 20) +
                                                        " MiB; send large files through LFS");
      }
      if (ended_) {
        if (buffer_.empty()) return std::nullopt;
        std::string line = std::move(buffer_);
        buffer_.clear();
        return line;
      }
      char chunk[64 * 1024];
      const std::size_t n = body_.read(chunk, sizeof chunk);
      if (n == 0) {
        ended_ = true;
      } else {
        buffer_.append(chunk, n);
      }
    }
  }

 private:
  http::BodyReader& body_;
  std::size_t limit_;
  std::string buffer_;
  std::size_t scanned_ = 0;
  bool ended_ = false;
};

struct LfsUse {
  std::string path;
  std::string oid;
  std::optional<std::uint64_t> size;
};

struct ParsedCommit {
  std::string summary;
  std::string description;
  std::optional<std::string> parent;
  std::vector<Change> changes;
  std::vector<LfsUse> lfs;
  std::vector<std::string> deleted_files;
  std::vector<std::string> deleted_folders;
};

ParsedCommit read_commit(LineReader& lines, GitRepo& git) {
  ParsedCommit out;
  bool header = false;
  std::size_t operations = 0;
  while (auto text = lines.next()) {
    CommitLine line = parse_commit_line(*text);
    if (std::holds_alternative<std::monostate>(line)) continue;
    if (++operations > kMaxCommitOperations)
      throw ApiError(ErrorCode::kBadRequest, "too many operations in one commit");
    if (auto* h = std::get_if<CommitHeader>(&line)) {
      if (header) throw ApiError(ErrorCode::kBadRequest, "a commit has one header line");
      header = true;
      out.summary = std::move(h->summary);
      out.description = std::move(h->description);
      out.parent = std::move(h->parent);
      continue;
    }
    if (!header) throw ApiError(ErrorCode::kBadRequest, "the first commit line is the header");
    if (auto* f = std::get_if<CommitFile>(&line)) {
      // Each regular file becomes a blob as it arrives: memory holds one line at a time.
      Change c;
      c.path = std::move(f->path);
      c.blob_oid = git.write_blob(f->bytes);
      out.changes.push_back(std::move(c));
    } else if (auto* lfs = std::get_if<CommitLfsFile>(&line)) {
      out.lfs.push_back(LfsUse{std::move(lfs->path), std::move(lfs->oid), lfs->size});
    } else if (auto* d = std::get_if<CommitDeletion>(&line)) {
      (d->folder ? out.deleted_folders : out.deleted_files).push_back(std::move(d->path));
    }
  }
  if (!header) throw ApiError(ErrorCode::kBadRequest, "the commit has no header line");
  return out;
}

}  // namespace

std::vector<UploadMode> upload_modes(const ReposConfig& config, const RepoRow& repo, const std::string& revision,
                                     const std::optional<std::string>& git_attributes,
                                     const std::vector<PreuploadFile>& files) {
  GitRepo git(config.git_path(repo.id));
  auto commit = git.resolve(revision);
  // A branch that does not exist yet takes main's rules; a commit that changes .gitattributes
  // (the JS client sends its new text) takes the new ones, as the commit will.
  auto rules_at = commit ? commit : git.resolve("main");
  if (git_attributes) rules_at = git.with_attributes(rules_at, *git_attributes);
  std::vector<UploadMode> out;
  out.reserve(files.size());
  for (const auto& f : files) {
    const bool by_attributes = rules_at && git.lfs_by_attributes(*rules_at, f.path);
    const bool lfs = by_attributes || f.binary || f.size >= config.lfs_threshold;
    out.push_back(UploadMode{f.path, lfs, remote_oid(git, commit, f.path)});
  }
  return out;
}

CommitMade commit_ndjson(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                         const access::Identity& who, const std::string& revision, http::BodyReader& body) {
  GitRepo git(config.git_path(repo.id));
  const auto ref = git.branch_ref(revision);
  if (!ref) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(revision, 200));
  if (!ref->starts_with("refs/heads/") && !ref->starts_with("refs/pr/")) {
    throw ApiError(ErrorCode::kBadRequest, "commits go to a branch or a pull request's ref");
  }
  LineReader lines(body, config.max_commit_line);
  ParsedCommit parsed = read_commit(lines, git);

  CommitRequest request;
  request.branch_ref = *ref;
  request.author_name = who.user_name;
  request.author_email = author_email(who.user_name);
  request.message = parsed.summary + (parsed.description.empty() ? "" : "\n\n" + parsed.description);
  request.changes = std::move(parsed.changes);
  const std::string head = git.resolve(*ref).value_or(std::string(kZeroOid));
  if (parsed.parent) {
    const auto parent = git.resolve(*parsed.parent);
    if (!parent) throw ApiError(ErrorCode::kPreconditionFailed, "parentCommit is not a commit of this repo");
    if (*parent != head) {
      throw ApiError(ErrorCode::kPreconditionFailed, "parentCommit is not the head of " + revision + " any more");
    }
  }
  request.expected_head = head;
  for (const auto& path : parsed.deleted_files) {
    auto e = git.entry(head, path);
    if (!e || e->directory) throw ApiError(ErrorCode::kEntryNotFound, "cannot delete " + path + ": no such file");
    request.changes.push_back(Change{path, true, {}, {}});
  }
  for (const auto& path : parsed.deleted_folders) {
    auto e = git.entry(head, path);
    if (!e || !e->directory) throw ApiError(ErrorCode::kEntryNotFound, "cannot delete " + path + ": no such folder");
    request.changes.push_back(Change{path, true, {}, {}});
  }

  CommitResult result;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    const auto rules = domain::parse_protection(json::parse_object(protection_document(tx, repo.id)).value())
                           .or_throw(ErrorCode::kInternal);
    if (auto refusal = domain::protection_refusal(rules, domain::RefChange{*ref, false, false, true}, who.role)) {
      throw ApiError(ErrorCode::kForbidden, *refusal);
    }
    // Proof of possession: a commit may name only LFS objects whose bytes this repo was given.
    if (!parsed.lfs.empty()) {
      std::vector<std::string> oids;
      for (const auto& use : parsed.lfs)
        oids.push_back(use.oid);
      std::map<std::string, std::uint64_t> linked;
      for (auto& [oid, size] : linked_objects(tx, repo.id, oids))
        linked.emplace(oid, size);
      for (const auto& use : parsed.lfs) {
        auto it = linked.find(use.oid);
        if (it == linked.end()) {
          throw ApiError(ErrorCode::kBadRequest, "LFS object of " + use.path + " was not uploaded to this repo");
        }
        if (use.size && *use.size != it->second) {
          throw ApiError(ErrorCode::kBadRequest, "LFS object of " + use.path + " has another size");
        }
        request.changes.push_back(Change{use.path, false, lfs_pointer_text(use.oid, it->second), {}});
      }
    }
    result = git.commit(request);
    record_ref_updates(tx, repo, &who,
                       {{*ref, result.old_head == kZeroOid ? std::string() : result.old_head, result.commit}});
  });
  return CommitMade{result.commit, parsed.summary, parsed.description};
}

void require_commit_right(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                          const access::Identity& who, const std::string& revision) {
  if (who.role >= access::Role::kWrite) return;
  const std::string refusal = "this needs the write role on the repo";
  if (who.anonymous() || who.role < access::Role::kRead || !who.discussion_write) {
    throw ApiError(ErrorCode::kForbidden, refusal);
  }
  GitRepo git(config.git_path(repo.id));
  const auto ref = git.branch_ref(revision);
  if (!ref || !ref->starts_with("refs/pr/")) throw ApiError(ErrorCode::kForbidden, refusal);
  const auto author =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return pull_ref_author(tx, repo.id, *ref); });
  if (!author || *author != who.user_id) {
    throw ApiError(ErrorCode::kForbidden, "only its author and the write role commit to " + *ref);
  }
}

PullRequestCommit commit_as_pull_request(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                                         const access::Identity& who, const std::string& base_revision,
                                         http::BodyReader& body, const std::string& request_id) {
  GitRepo git(config.git_path(repo.id));
  const auto base_ref = git.branch_ref(base_revision);
  if (!base_ref || !base_ref->starts_with("refs/heads/")) {
    throw ApiError(ErrorCode::kRevisionNotFound,
                   "a pull request's base is a branch: " + util::header_safe(base_revision, 200));
  }
  PullRequestCommit out;
  out.num = next_number(ctx, repo.id);
  const std::string ref = "refs/pr/" + std::to_string(out.num);
  RefMove start;
  start.ref = ref;
  start.old_sha = std::string(kZeroOid);
  start.new_revision = *base_ref;
  move_ref(ctx, config, repo, who, start);
  out.commit = commit_ndjson(ctx, config, repo, who, ref, body);
  // The thread last: until discussions has it, the number is only an unused ref (a failure here
  // answers 503, and the client's retry opens another).
  open_pull_request_thread(*config.discussions, repo, who, out.num, *base_ref, out.commit, request_id);
  return out;
}

}  // namespace hub::repos

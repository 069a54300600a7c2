// The Hub's commit protocol (docs/hub-contract.md §3): preupload tells the client which files go to LFS, and
// the NDJSON commit writes regular files, LFS pointers and deletions as one commit. The body streams
// in line by line: each regular file becomes a blob as it arrives, so memory holds one line at a
// time. The branch moves by compare-and-swap, and the event is written in the same database
// transaction that sees the move succeed.
#include <map>

#include "common/db/transaction.hpp"
#include "common/log/log.hpp"
#include "common/util/base64.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/domain/commit_format.hpp"
#include "services/repos/domain/default_files.hpp"
#include "services/repos/domain/protection.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/lfs_store.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

constexpr std::size_t kMaxPreuploadFiles = 1000;
constexpr std::size_t kMaxCommitOperations = 100000;

bool create_pr(const http::Request& req) {
  auto v = req.query_param("create_pr");
  return v && (*v == "1" || *v == "true" || *v == "True");
}

void refuse_pull_requests(const http::Request& req) {
  if (create_pr(req)) {
    throw ApiError(ErrorCode::kBadRequest,
                   "create_pr is not available yet: pull requests arrive with the discussions service");
  }
}

// The sha of the file now at `path` as preupload reports it: sha256 for LFS files, git oid otherwise.
std::optional<std::string> remote_oid(GitRepo& git, const std::optional<std::string>& commit, const std::string& path) {
  if (!commit) return std::nullopt;
  auto e = git.entry(*commit, path);
  if (!e || e->directory) return std::nullopt;
  return e->lfs ? e->lfs->oid : e->oid;
}

http::Response preupload(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  refuse_pull_requests(req);
  RepoRow repo = request_repo(ctx, req);
  auto body = json_body(req);
  const json::Value* files = json::get_array(body, "files").or_throw();
  if (files->Size() > kMaxPreuploadFiles) throw ApiError(ErrorCode::kBadRequest, "at most 1000 files per preupload");
  GitRepo git(config.git_path(repo.id));
  const std::string revision(req.param("rev"));
  auto commit = git.resolve(revision);
  // A branch that does not exist yet takes main's rules; a commit that changes .gitattributes
  // (the JS client sends its new text) takes the new ones, as the commit will.
  auto rules_at = commit ? commit : git.resolve("main");
  if (auto attributes = json::get_optional_string(body, "gitAttributes").or_throw()) {
    if (attributes->size() > (1U << 20)) throw ApiError(ErrorCode::kBadRequest, "gitAttributes is 1 MiB at most");
    rules_at = git.with_attributes(rules_at, *attributes);
  }
  json::Writer w;
  w.begin_object().key("files").begin_array();
  for (const auto& f : files->GetArray()) {
    if (!f.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each file is {path, sample, size}");
    const std::string path(json::get_string(f, "path").or_throw());
    check_file_path(path);
    const auto size = json::get_int(f, "size").or_throw();
    if (size < 0) throw ApiError(ErrorCode::kBadRequest, "size is not negative");
    auto sample = util::base64_decode(json::get_optional_string(f, "sample").or_throw().value_or(""));
    if (!sample) throw ApiError(ErrorCode::kBadRequest, "sample is not base64: " + path);
    const bool binary = sample->find('\0') != std::string::npos;
    const bool by_attributes = rules_at && git.lfs_by_attributes(*rules_at, path);
    const bool lfs = by_attributes || binary || static_cast<std::uint64_t>(size) >= config.lfs_threshold;
    w.begin_object().field("path", path).field("uploadMode", lfs ? "lfs" : "regular").field("shouldIgnore", false);
    if (auto oid = remote_oid(git, commit, path)) w.field("oid", *oid);
    w.end_object();
  }
  w.end_array().end_object();
  return http::Response::json(200, w.str());
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

http::Response commit(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  refuse_pull_requests(req);
  RepoRow repo = request_repo(ctx, req);
  const auto type = util::to_lower(req.headers.get("Content-Type"));
  if (!type.starts_with("application/x-ndjson") && !type.starts_with("application/json")) {
    throw ApiError(ErrorCode::kUnsupportedMediaType, "a commit is application/x-ndjson");
  }
  GitRepo git(config.git_path(repo.id));
  const std::string revision(req.param("rev"));
  const auto ref = git.branch_ref(revision);
  if (!ref) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(revision, 200));
  if (!ref->starts_with("refs/heads/") && !ref->starts_with("refs/pr/")) {
    throw ApiError(ErrorCode::kBadRequest, "commits go to a branch or a pull request's ref");
  }
  // No body at all (Content-Length: 0) reaches here without a reader: the client's mistake.
  if (req.body_reader == nullptr) {
    throw ApiError(ErrorCode::kBadRequest, "the commit body is empty: send a header line and the operations as NDJSON");
  }
  LineReader lines(*req.body_reader, config.max_commit_line);
  ParsedCommit parsed = read_commit(lines, git);

  const access::Identity& who = *req.ctx.identity;
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
    const auto rules =
        parse_protection(json::parse_object(protection_document(tx, repo.id)).value()).or_throw(ErrorCode::kInternal);
    if (auto refusal = protection_refusal(rules, RefChange{*ref, false, false, true}, who.role)) {
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
  log::info("commit", {{"repo", repo.id}, {"ref", *ref}, {"commit", result.commit}, {"requestId", req.ctx.request_id}});
  json::Writer w;
  w.begin_object()
      .field("commitUrl",
             config.public_url + "/" + web_prefix(repo.type) + repo.full_name() + "/commit/" + result.commit)
      .field("commitOid", result.commit)
      .field("hookOutput", "")
      .end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_commit_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  const std::string api = "/api/{type:models|datasets|spaces}/{namespace}/{name}";
  routes.add("POST", api + "/preupload/{rev+}", [&ctx, config](http::Request& r) { return preupload(ctx, config, r); },
             {.max_body = 4 << 20});
  routes.add("POST", api + "/commit/{rev+}", [&ctx, config](http::Request& r) { return commit(ctx, config, r); },
             {.route_class = http::RouteClass::kTransfer, .max_body = 64ULL << 30, .stream_body = true});
}

}  // namespace hub::repos

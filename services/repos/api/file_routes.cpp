// Reading a repo's files: the tree listing, paths-info, and resolve / raw downloads
// (docs/hub-contract.md §4). Revisions may arrive with raw slashes (refs/pr/1) or encoded (%2F);
// both are split at the longest prefix that names a ref.
#include "common/db/transaction.hpp"
#include "common/http/error_response.hpp"
#include "common/http/paging.hpp"
#include "common/http/range.hpp"
#include "common/http/url.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/git/cgi.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/lfs_store.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

constexpr std::uint64_t kInlineBlob = 1ULL << 20;  // larger blobs stream from git

void write_entry(json::Writer& w, const TreeEntry& e, const std::optional<CommitInfo>& last) {
  w.begin_object()
      .field("type", e.directory ? "directory" : "file")
      .field("oid", e.oid)
      .field("size", e.directory ? 0 : e.size)
      .field("path", e.path);
  if (e.lfs) {
    w.key("lfs").begin_object().field("oid", e.lfs->oid).field("size", e.lfs->size);
    w.field("pointerSize", e.lfs->pointer_size).end_object();
  }
  if (last) {
    w.key("lastCommit").begin_object().field("id", last->id).field("title", last->title);
    w.field("date", iso_time(last->time)).end_object();
  }
  w.end_object();
}

bool truthy(const std::optional<std::string>& v) {
  return v && (*v == "true" || *v == "1" || *v == "True");
}

// "rev/path" of the route's rest into the commit and the path; 404 RevisionNotFound when no prefix
// names a revision.
std::pair<std::string, std::string> split_revision(GitRepo& git, std::string_view rest) {
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
  return *split;
}

http::Response tree(service::Context& ctx, const ReposConfig& config, const http::CursorSealer& sealer,
                    http::Request& req) {
  RepoRow repo = request_repo(ctx, req);
  GitRepo git(config.git_path(repo.id));
  auto [commit, folder] = split_revision(git, req.param("rest"));
  const bool recursive = truthy(req.query_param("recursive"));
  const bool expand = truthy(req.query_param("expand"));
  const std::size_t page = http::page_limit(req, expand ? 50 : 1000);
  const std::string list =
      "tree:" + repo.id + ":" + commit + ":" + folder + (recursive ? ":r" : ":") + (expand ? "e" : "");
  const std::size_t skip = cursor_offset(sealer, list, req);
  std::vector<TreeEntry> entries;
  std::size_t seen = 0;
  bool more = false;
  git.list(commit, folder, recursive, [&](const TreeEntry& e) {
    if (seen++ < skip) return;
    if (entries.size() == page) {
      more = true;
      return;
    }
    entries.push_back(e);
  });
  json::Writer w;
  w.begin_array();
  for (const auto& e : entries) {
    write_entry(w, e, expand ? git.last_commit_for(commit, e.path) : std::nullopt);
  }
  w.end_array();
  http::Response r = http::Response::json(200, w.str());
  if (more)
    r.headers.set("Link", http::next_link(config.public_url, req, sealer.seal(list, std::to_string(skip + page))));
  return r;
}

http::Response paths_info(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  RepoRow repo = request_repo(ctx, req);
  std::vector<std::string> paths;
  bool expand = false;
  const auto type = util::to_lower(req.headers.get("Content-Type"));
  if (type.starts_with("application/x-www-form-urlencoded")) {
    for (auto& [k, v] : http::parse_query(req.body)) {
      if (k == "paths" || k == "paths[]") {
        paths.push_back(std::move(v));
      } else if (k == "expand") {
        expand = v == "true" || v == "1" || v == "True";
      }
    }
  } else {
    auto body = json_body(req);
    const json::Value* list = json::get_array(body, "paths").or_throw();
    for (const auto& v : list->GetArray()) {
      if (!v.IsString()) throw ApiError(ErrorCode::kBadRequest, "paths is a list of strings");
      paths.emplace_back(v.GetString(), v.GetStringLength());
    }
    if (const json::Value* e = json::find(body, "expand")) expand = e->IsBool() ? e->GetBool() : e->IsTrue();
  }
  if (paths.size() > 1000) throw ApiError(ErrorCode::kBadRequest, "at most 1000 paths per call");
  GitRepo git(config.git_path(repo.id));
  const std::string revision(req.param("rev"));
  auto commit = git.resolve(revision);
  if (!commit) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(revision, 200));
  json::Writer w;
  w.begin_array();
  for (const auto& p : paths) {
    if (p.size() > 1000) continue;
    auto e = git.entry(*commit, p);
    if (!e || e->path.empty()) continue;  // unknown paths are left out, as the Hub does
    write_entry(w, *e, expand ? git.last_commit_for(*commit, e->path) : std::nullopt);
  }
  w.end_array();
  return http::Response::json(200, w.str());
}

http::Response not_found_at(ErrorCode code, const std::string& message, const std::string& commit,
                            const http::Request& req) {
  http::Response r = http::error_response(code, message, req.ctx.request_id);
  if (!commit.empty()) r.headers.set("X-Repo-Commit", commit);
  return r;
}

// Sets status, Content-Range and the body's window for a Range header over `total` bytes; false when
// the range cannot be served (416 already set up).
bool apply_range(http::Response& r, const http::Request& req, std::uint64_t total, std::uint64_t& offset,
                 std::uint64_t& length) {
  r.headers.set("Accept-Ranges", "bytes");
  const auto range = http::parse_range(req.headers.get("Range"), total);
  offset = 0;
  length = total;
  if (range.kind == http::ByteRange::Kind::kPartial) {
    r.status = 206;
    offset = range.offset;
    length = range.length;
    r.headers.set("Content-Range", range.content_range(total));
  } else if (range.kind == http::ByteRange::Kind::kUnsatisfiable) {
    if (total == 0) {
      // An empty file probed with bytes=0-0: the whole (empty) body, with its size where the JS
      // client looks for it.
      r.headers.set("Content-Range", "bytes */0");
      return true;
    }
    r.status = 416;
    r.headers.set("Content-Range", range.content_range(total));
    return false;
  }
  return true;
}

// Whether the LFS object `pointer` names is linked to `repo_id`, with the pointer's size.
bool lfs_object_linked(service::Context& ctx, const std::string& repo_id, const LfsPointer& pointer) {
  const auto linked =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return linked_objects(tx, repo_id, {pointer.oid}); });
  return !linked.empty() && linked[0].second == pointer.size;
}

http::Response download(service::Context& ctx, const ReposConfig& config, http::Request& req, bool raw) {
  RepoRow repo = request_repo(ctx, req);
  GitRepo git(config.git_path(repo.id));
  auto [commit, path] = split_revision(git, req.param("rest"));
  require_gate(ctx, config, req, repo, path);
  auto e = git.entry(commit, path);
  if (!e || e->directory || e->path.empty()) {
    return not_found_at(ErrorCode::kEntryNotFound, "Entry not found", commit, req);
  }
  http::Response r;
  r.status = 200;
  r.headers.set("X-Repo-Commit", commit);
  r.headers.set("Content-Type", "application/octet-stream");
  r.headers.set("Cache-Control", "private, max-age=0, must-revalidate");
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  // The object behind a pointer is served only to a repo it is linked to (this repo was given its
  // bytes), checked here where it is served and not only where pointers are written. A pointer to
  // an object this repo was never given, or that the store does not hold, is served as what git
  // holds, the pointer's text, as the Hub does.
  const LfsStore lfs = LfsStore(config.lfs_dir());
  std::optional<std::uint64_t> stored;
  if (e->lfs && !raw && lfs_object_linked(ctx, repo.id, *e->lfs)) stored = lfs.stored_size(e->lfs->oid);
  if (stored && *stored == e->lfs->size) {
    r.headers.set("ETag", "\"" + e->lfs->oid + "\"");
    if (!apply_range(r, req, *stored, offset, length)) return r;
    r.file = http::FileBody{lfs.path_of(e->lfs->oid), offset, length};
    return r;
  }
  r.headers.set("ETag", "\"" + e->oid + "\"");
  const std::uint64_t total = git.blob_size(e->oid);
  if (!apply_range(r, req, total, offset, length)) return r;
  if (req.method == "HEAD") {
    r.source_length = length;
    r.body.clear();
    // write_response takes the length of an empty string body: describe it with a file-less source.
    struct Empty : http::BodySource {
      std::size_t read(char*, std::size_t) override { return 0; }
    };
    r.source = std::make_shared<Empty>();
    return r;
  }
  if (total <= kInlineBlob) {
    r.body = git.read_blob(e->oid, kInlineBlob).substr(offset, length);
    return r;
  }
  // A large file committed without LFS: git streams it, so it is never held whole here.
  CgiRequest cat;
  cat.program = config.git_binary;
  cat.args = {"--git-dir=" + config.git_path(repo.id), "cat-file", "blob", e->oid};
  cat.env = {"PATH=" + config.path_env, "HOME=" + config.data_dir, "GIT_CONFIG_NOSYSTEM=1"};
  r.source = window(run_output(std::move(cat)), offset, length);
  r.source_length = length;
  return r;
}

}  // namespace

void install_file_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  auto sealer = std::make_shared<const http::CursorSealer>(ctx.settings.internal_secret);
  const std::string api = "/api/{type:models|datasets|spaces}/{namespace}/{name}";
  routes.add("GET", api + "/tree/{rest+}",
             [&ctx, config, sealer](http::Request& r) { return tree(ctx, config, *sealer, r); });
  routes.add("POST", api + "/paths-info/{rev+}",
             [&ctx, config](http::Request& r) { return paths_info(ctx, config, r); });
  const http::HandlerOptions transfer{.route_class = http::RouteClass::kTransfer};
  for (const std::string prefix : {"/{prefix:datasets|spaces}", ""}) {
    routes.add(
        "GET", prefix + "/{namespace}/{name}/resolve/{rest+}",
        [&ctx, config](http::Request& r) { return download(ctx, config, r, false); }, transfer);
    routes.add(
        "GET", prefix + "/{namespace}/{name}/raw/{rest+}",
        [&ctx, config](http::Request& r) { return download(ctx, config, r, true); }, transfer);
  }
}

}  // namespace hub::repos

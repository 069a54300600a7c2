// Reading a repo's files: the tree listing, paths-info, and resolve / raw downloads
// (docs/hub-contract.md §4). Revisions may arrive with raw slashes (refs/pr/1) or encoded (%2F);
// both are split at the longest prefix that names a ref.
#include "common/http/error_response.hpp"
#include "common/http/paging.hpp"
#include "common/http/range.hpp"
#include "common/http/url.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/file_reads.hpp"

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

http::Response tree(service::Context& ctx, const ReposConfig& config, const http::CursorSealer& sealer,
                    http::Request& req) {
  const RepoRow repo = request_repo(ctx, req);
  const RevisionPath where = split_revision(config, repo, req.param("rest"));
  const bool recursive = truthy(req.query_param("recursive"));
  const bool expand = truthy(req.query_param("expand"));
  const std::size_t page = http::page_limit(req, expand ? 50 : 1000);
  const std::string list =
      "tree:" + repo.id + ":" + where.commit + ":" + where.path + (recursive ? ":r" : ":") + (expand ? "e" : "");
  const std::size_t skip = cursor_offset(sealer, list, req);
  const TreePage listing = list_tree(config, repo, where, recursive, expand, skip, page);
  json::Writer w;
  w.begin_array();
  for (const auto& e : listing.entries)
    write_entry(w, e.entry, e.last_commit);
  w.end_array();
  http::Response r = http::Response::json(200, w.str());
  if (listing.more)
    r.headers.set("Link", http::next_link(config.public_url, req, sealer.seal(list, std::to_string(skip + page))));
  return r;
}

http::Response paths_info_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
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
  json::Writer w;
  w.begin_array();
  for (const auto& e : paths_info(config, repo, std::string(req.param("rev")), paths, expand))
    write_entry(w, e.entry, e.last_commit);
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

http::Response download(service::Context& ctx, const ReposConfig& config, http::Request& req, bool raw) {
  const RepoRow repo = request_repo(ctx, req);
  const RevisionPath where = split_revision(config, repo, req.param("rest"));
  require_gate(ctx, config, req, repo, where.path);
  const FileToServe file = file_to_serve(ctx, config, repo, where, raw);
  if (!file.found) return not_found_at(ErrorCode::kEntryNotFound, "Entry not found", where.commit, req);
  http::Response r;
  r.status = 200;
  r.headers.set("X-Repo-Commit", where.commit);
  r.headers.set("Content-Type", "application/octet-stream");
  r.headers.set("Cache-Control", "private, max-age=0, must-revalidate");
  r.headers.set("ETag", "\"" + file.oid + "\"");
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  if (!file.lfs_path.empty()) {
    if (!apply_range(r, req, file.size, offset, length)) return r;
    r.file = http::FileBody{file.lfs_path, offset, length};
    return r;
  }
  const std::uint64_t total = file.size;
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
    r.body = read_blob(config, repo, file.oid, kInlineBlob).substr(offset, length);
    return r;
  }
  // A large file committed without LFS: git streams it, so it is never held whole here.
  r.source = stream_blob(config, repo, file.oid, offset, length);
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
             [&ctx, config](http::Request& r) { return paths_info_route(ctx, config, r); });
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

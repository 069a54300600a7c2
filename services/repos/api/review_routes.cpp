// What the pulls service reads from repos to review a pull request (README.md, "Services reach
// repos' internal endpoints"): the changed files of two revisions page by page, one file's lines,
// a blob as git stores it, the protection rule of a branch, a commit's statuses and whether one
// commit descends from another — or which of many do (what the bugs service asks for the known bugs
// of a revision). Only signed service calls reach these.
#include "common/http/handler_support.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/file_reads.hpp"
#include "services/repos/app/peer_requests.hpp"
#include "services/repos/app/protection.hpp"
#include "services/repos/app/revision_diffs.hpp"

namespace hub::repos {
namespace {

constexpr std::uint64_t kInlineBlob = 1ULL << 20;  // larger blobs stream from git

// A whole-number query parameter from `min` to `max`, `fallback` when absent; 400 otherwise.
std::uint64_t number_param(const http::Request& req, std::string_view name, std::uint64_t fallback, std::uint64_t min,
                           std::uint64_t max) {
  auto text = req.query_param(name);
  if (!text) return fallback;
  auto n = util::parse_uint(*text);
  if (!n || *n < min || *n > max) {
    throw ApiError(ErrorCode::kBadRequest,
                   std::string(name) + " is a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return *n;
}

std::string required_param(const http::Request& req, std::string_view name) {
  auto value = req.query_param(name);
  if (!value || value->empty()) throw ApiError(ErrorCode::kBadRequest, std::string(name) + " is required");
  return *value;
}

void write_lfs(json::Writer& w, const FileDiff& f) {
  if (!f.lfs()) return;
  w.key("lfs").begin_object();
  for (const auto& [key, side] : {std::pair{"old", &f.old_side}, std::pair{"new", &f.new_side}}) {
    if (*side && (*side)->lfs) {
      w.key(key).begin_object().field("oid", (*side)->lfs->oid).field("size", (*side)->lfs->size).end_object();
    }
  }
  w.end_object();
}

void write_file(json::Writer& w, const FileDiff& f) {
  w.begin_object().field("path", f.path);
  if (!f.old_path.empty()) w.field("oldPath", f.old_path);
  w.field("status", status_name(f.status));
  if (f.old_side) w.field("oldOid", f.old_side->oid);
  if (f.new_side) w.field("newOid", f.new_side->oid);
  w.field("oldSize", f.old_side ? f.old_side->size() : 0).field("newSize", f.new_side ? f.new_side->size() : 0);
  w.field("additions", f.additions).field("deletions", f.deletions).field("binary", f.binary);
  if (f.too_large) w.field("tooLarge", true);
  write_lfs(w, f);
  w.end_object();
}

http::Response diff_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  const std::string base = required_param(req, "base");
  const std::string head = required_param(req, "head");
  const std::size_t limit = number_param(req, "limit", 300, 1, 3000);
  const DiffPage page = diff_page(config, repo, base, head, req.query_param("after").value_or(""), limit);
  json::Writer w;
  w.begin_object().field("base", page.base).field("head", page.head);
  if (page.merge_base.empty()) {
    w.key("mergeBase").null();
  } else {
    w.field("mergeBase", page.merge_base);
  }
  w.key("files").begin_array();
  for (const auto& f : page.files)
    write_file(w, f);
  w.end_array();
  if (page.next) w.field("next", *page.next);
  w.end_object();
  return http::Response::json(200, w.str());
}

void write_hunk(json::Writer& w, const PatchHunk& h) {
  w.begin_object().field("header", h.header).field("oldStart", h.old_start).field("oldLines", h.old_lines);
  w.field("newStart", h.new_start).field("newLines", h.new_lines).key("lines").begin_array();
  for (const auto& line : h.lines) {
    w.begin_object().field("kind", line_kind_name(line.kind));
    if (line.old_line > 0) w.field("old", line.old_line);
    if (line.new_line > 0) w.field("new", line.new_line);
    w.field("text", line.text).end_object();
  }
  w.end_array().end_object();
}

http::Response patch_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  const std::string base = required_param(req, "base");
  const std::string head = required_param(req, "head");
  const std::string path = required_param(req, "path");
  const std::size_t offset = number_param(req, "offset", 0, 0, UINT32_MAX);
  const std::size_t limit = number_param(req, "limit", 1000, 1, 5000);
  const FilePatch patch = file_patch(config, repo, base, head, path, offset, limit);
  const FileDiff& f = patch.file;
  json::Writer w;
  w.begin_object().field("path", f.path);
  if (!f.old_path.empty()) w.field("oldPath", f.old_path);
  w.field("status", status_name(f.status)).field("binary", f.binary);
  if (f.too_large) w.field("tooLarge", true);
  write_lfs(w, f);
  w.key("hunks").begin_array();
  for (const auto& h : patch.hunks)
    write_hunk(w, h);
  w.end_array().field("totalLines", patch.total_lines);
  if (patch.next) w.field("next", *patch.next);
  w.end_object();
  return http::Response::json(200, w.str());
}

http::Response blob_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  const std::string rev = required_param(req, "rev");
  const std::string path = required_param(req, "path");
  const std::uint64_t max = number_param(req, "max", 16ULL << 20, 0, 64ULL << 20);
  const BlobAt blob = blob_at(config, repo, rev, path, max);
  http::Response r;
  r.status = 200;
  r.headers.set("Content-Type", "application/octet-stream");
  r.headers.set("X-Blob-Oid", blob.oid);
  if (blob.size <= kInlineBlob) {
    r.body = read_blob(config, repo, blob.oid, kInlineBlob);
    return r;
  }
  // Up to 64 MiB: git streams it, so it is never held whole here.
  r.source = stream_blob(config, repo, blob.oid, 0, blob.size);
  r.source_length = blob.size;
  return r;
}

http::Response protection_route(service::Context& ctx, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  const std::string branch = required_param(req, "branch");
  const std::optional<domain::ProtectionRule> rule = protection_rule_for(ctx, repo.id, branch);
  json::Writer w;
  w.begin_object().key("rule");
  if (rule) {
    domain::write_protection_rule(w, *rule);
  } else {
    w.null();
  }
  w.end_object();
  return http::Response::json(200, w.str());
}

http::Response statuses_route(service::Context& ctx, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  const std::string sha(req.param("sha"));
  if (sha.size() != 40) throw ApiError(ErrorCode::kBadRequest, "sha is a full commit id");
  return http::Response::json(200, statuses_json(sha, statuses_of(ctx, repo.id, sha)));
}

http::Response ancestry_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  const Ancestry a = ancestry(config, repo, required_param(req, "ancestor"), required_param(req, "descendant"));
  json::Writer w;
  w.begin_object().field("ancestor", a.ancestor).field("descendant", a.descendant);
  w.field("isAncestor", a.is_ancestor);
  a.merge_base.empty() ? w.key("mergeBase").null() : w.field("mergeBase", a.merge_base);
  w.end_object();
  return http::Response::json(200, w.str());
}

// {descendant, ancestors: [sha…]} → {descendant, ancestors: {sha: true | false | null}}; null for a
// sha the repo lacks.
constexpr std::size_t kMaxAncestors = 1000;
http::Response ancestors_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  auto body = http::json_body(req);
  const std::string descendant(json::get_string(body, "descendant").or_throw());
  const json::Value* list = json::find(body, "ancestors");
  if (list == nullptr || !list->IsArray() || list->Size() > kMaxAncestors) {
    throw ApiError(ErrorCode::kBadRequest,
                   "ancestors is an array of at most " + std::to_string(kMaxAncestors) + " shas");
  }
  std::vector<std::string> candidates;
  for (const auto& v : list->GetArray()) {
    if (!v.IsString()) throw ApiError(ErrorCode::kBadRequest, "ancestors holds commit shas");
    candidates.emplace_back(v.GetString(), v.GetStringLength());
  }
  const AncestorsAmong found = ancestors_among(config, repo, descendant, candidates);
  json::Writer w;
  w.begin_object().field("descendant", found.descendant).key("ancestors").begin_object();
  for (const auto& [sha, answer] : found.answers) {
    w.key(sha);
    answer ? w.value(*answer) : w.null();
  }
  w.end_object().end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_review_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  const std::string repo = "/internal/repos/{id}";
  routes.add("GET", repo + "/diff", [&ctx, config](http::Request& r) { return diff_route(ctx, config, r); });
  routes.add("GET", repo + "/patch", [&ctx, config](http::Request& r) { return patch_route(ctx, config, r); });
  routes.add("GET", repo + "/blob", [&ctx, config](http::Request& r) { return blob_route(ctx, config, r); },
             {.route_class = http::RouteClass::kTransfer});
  routes.add("GET", repo + "/protection", [&ctx](http::Request& r) { return protection_route(ctx, r); });
  routes.add("GET", repo + "/statuses/{sha}", [&ctx](http::Request& r) { return statuses_route(ctx, r); });
  routes.add("GET", repo + "/ancestry", [&ctx, config](http::Request& r) { return ancestry_route(ctx, config, r); });
  routes.add("POST", repo + "/ancestry", [&ctx, config](http::Request& r) { return ancestors_route(ctx, config, r); });
}

}  // namespace hub::repos

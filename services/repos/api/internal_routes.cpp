// What other services ask repos (docs/architecture.md, "Who calls whom"): a repo by id, the next #N of a
// repo (shared by discussions, pull requests and bug reports), ref moves with compare-and-swap on
// the old sha, the comparison of two revisions, and merges (or their dry runs). Only signed service
// calls reach these. What pull-request review reads besides: review_routes.cpp.
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/lfs_objects.hpp"
#include "services/repos/app/peer_requests.hpp"

namespace hub::repos {
namespace {

// The user a service acts for, from the body's `actor` ({id, name}), for events and commits.
access::Identity actor_of(const json::Value& body) {
  access::Identity who;
  if (const json::Value* a = json::find(body, "actor"); a != nullptr && a->IsObject()) {
    who.user_id = std::string(json::get_optional_string(*a, "id").or_throw().value_or(""));
    who.user_name = std::string(json::get_optional_string(*a, "name").or_throw().value_or(""));
  }
  if (!who.user_id.empty() && !util::is_uuid(who.user_id)) throw ApiError(ErrorCode::kBadRequest, "actor.id is a UUID");
  if (who.user_name.empty()) who.user_name = "hub";
  return who;
}

std::string sha_or_zero(const json::Value& body, std::string_view key) {
  const json::Value* v = json::find(body, key);
  if (v == nullptr) return std::string(kZeroOid);
  if (!v->IsString() || v->GetStringLength() != 40)
    throw ApiError(ErrorCode::kBadRequest, std::string(key) + " is a sha or null");
  return v->GetString();
}

http::Response get_repo(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  json::Writer w;
  w.begin_object()
      .field("id", repo.id)
      .field("type", repo.type)
      .field("name", repo.full_name())
      .field("private", repo.is_private)
      .field("headSha", repo.head_sha)
      .field("url", config.public_url + "/" + web_prefix(repo.type) + repo.full_name())
      .end_object();
  return http::Response::json(200, w.str());
}

http::Response next_number_route(service::Context& ctx, http::Request& req) {
  const std::int64_t num = next_number(ctx, std::string(req.param("id")));
  return http::Response::json(200, "{\"num\":" + std::to_string(num) + "}");
}

http::Response move_ref_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  auto body = json_body(req);
  RefMove move;
  move.ref = std::string(json::get_string(body, "ref").or_throw());
  move.old_sha = sha_or_zero(body, "oldSha");
  move.new_sha = sha_or_zero(body, "newSha");
  move.new_revision = std::string(json::get_optional_string(body, "newRevision").or_throw().value_or(""));
  const access::Identity actor = actor_of(body);
  const std::string sha = move_ref(ctx, config, repo, actor, move);
  json::Writer w;
  w.begin_object().field("newSha", sha).end_object();
  return http::Response::json(200, w.str());
}

http::Response compare_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  const Comparison c =
      compare_revisions(config, repo, req.query_param("base").value_or(""), req.query_param("head").value_or(""));
  json::Writer w;
  w.begin_object().field("base", c.base).field("head", c.head).field("mergeBase", c.merge_base);
  w.key("files").begin_array();
  for (const auto& f : c.files) {
    w.begin_object().field("path", f.path).field("status", f.status);
    if (!f.old_oid.empty()) w.field("oldOid", f.old_oid);
    if (!f.new_oid.empty()) w.field("newOid", f.new_oid);
    w.end_object();
  }
  w.end_array().key("commits").begin_array();
  for (const auto& commit : c.commits) {
    w.begin_object().field("id", commit.id).field("title", commit.title).field("message", commit.message);
    w.field("author", commit.author_name).field("date", iso_time(commit.time)).end_object();
  }
  w.end_array().end_object();
  return http::Response::json(200, w.str());
}

// Whether the merge would go through as things stand; nothing is written.
http::Response merge_check_response(const MergeCheck& check) {
  json::Writer w;
  w.begin_object().field("mergeable", check.mergeable).key("conflicts").begin_array();
  for (const auto& p : check.conflicts)
    w.value(p);
  w.end_array().field("fastForward", check.fast_forward).field("baseSha", check.base_sha).end_object();
  return http::Response::json(200, w.str());
}

http::Response merge_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  auto body = json_body(req);
  const bool dry_run = json::get_optional_bool(body, "dryRun").or_throw().value_or(false);
  MergeRequest m;
  m.base_ref = std::string(json::get_string(body, "baseRef").or_throw());
  // A dry run answers for the base as it is now; a merge names the base it expects.
  m.expected_base = dry_run ? std::string(json::get_optional_string(body, "expectedBase").or_throw().value_or(""))
                            : std::string(json::get_string(body, "expectedBase").or_throw());
  m.head = std::string(json::get_string(body, "head").or_throw());
  m.strategy = std::string(json::get_optional_string(body, "strategy").or_throw().value_or("merge"));
  m.message = std::string(json::get_optional_string(body, "message").or_throw().value_or("Merge"));
  if (m.strategy != "merge" && m.strategy != "squash" && m.strategy != "fast-forward") {
    throw ApiError(ErrorCode::kBadRequest, "strategy is merge, squash or fast-forward");
  }
  if (dry_run) return merge_check_response(check_merge_into(config, repo, m));
  const access::Identity actor = actor_of(body);
  const MergeResult result = merge_into(ctx, config, repo, actor, std::move(m));
  json::Writer w;
  w.begin_object();
  if (result.commit.empty()) {
    w.field("merged", false).key("conflicts").begin_array();
    for (const auto& p : result.conflicts)
      w.value(p);
    w.end_array().end_object();
    return http::Response::json(409, w.str());
  }
  w.field("merged", true).field("commit", result.commit).end_object();
  return http::Response::json(200, w.str());
}

// The tensors of a safetensors LFS object this repo holds, as hashed when it was uploaded:
// {oid, safetensors, tensors: [...], error?}. `error` says why the object is not a sound safetensors
// file (a malformed header, or no safetensors header at all: `safetensors` tells which); the caller
// knows the file's name and so whether that matters.
http::Response tensors(service::Context& ctx, http::Request& req) {
  const RepoRow repo = repo_by_id(ctx, std::string(req.param("id")));
  const std::string oid(req.param("oid"));
  if (!valid_oid(oid)) throw ApiError(ErrorCode::kBadRequest, "oid is a sha256");
  const TensorHeader header = tensors_of(ctx, repo.id, oid);
  json::Writer w;
  w.begin_object().field("oid", oid).field("safetensors", header.safetensors);
  if (header.error) w.field("error", *header.error);
  w.key("tensors").begin_array();
  for (const auto& t : header.tensors) {
    w.begin_object().field("name", t.name).field("dtype", t.dtype);
    w.key("shape").raw_value(json::parse(t.shape_json).value());
    w.key("dataOffsets").begin_array().value(t.begin).value(t.end).end_array();
    w.field("sha256", t.sha256).end_object();
  }
  w.end_array().end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_internal_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  routes.add("GET", "/internal/repos/{id}", [&ctx, config](http::Request& r) { return get_repo(ctx, config, r); });
  routes.add("POST", "/internal/repos/{id}/numbers", [&ctx](http::Request& r) { return next_number_route(ctx, r); });
  routes.add("POST", "/internal/repos/{id}/refs",
             [&ctx, config](http::Request& r) { return move_ref_route(ctx, config, r); });
  routes.add("GET", "/internal/repos/{id}/compare",
             [&ctx, config](http::Request& r) { return compare_route(ctx, config, r); });
  routes.add("GET", "/internal/repos/{id}/lfs/{oid}/tensors", [&ctx](http::Request& r) { return tensors(ctx, r); });
  routes.add("POST", "/internal/repos/{id}/merge",
             [&ctx, config](http::Request& r) { return merge_route(ctx, config, r); });
}

}  // namespace hub::repos

// What other services ask repos (docs/architecture.md, "Who calls whom"): a repo by id, the next #N of a
// repo (shared by discussions, pull requests and bug reports), ref moves with compare-and-swap on
// the old sha, the comparison of two revisions, and merges. Only signed service calls reach these.
#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/git/git_merge.hpp"
#include "services/repos/store/lfs_store.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

RepoRow repo_by_id(service::Context& ctx, const http::Request& req) {
  const std::string id(req.param("id"));
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  auto row = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_repo_by_id(tx, id); });
  if (!row) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  return *row;
}

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
  RepoRow repo = repo_by_id(ctx, req);
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

http::Response next_number(service::Context& ctx, http::Request& req) {
  const std::string id(req.param("id"));
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  // One UPDATE: concurrent callers queue on the row and each gets its own number.
  auto num = db::transact(ctx.db, [&](pqxx::work& tx) {
    auto r =
        tx.exec_params("UPDATE repos.repos SET last_num = last_num + 1 WHERE id = $1::uuid RETURNING last_num", id);
    if (r.empty()) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
    return r[0][0].as<std::int64_t>();
  });
  return http::Response::json(200, "{\"num\":" + std::to_string(num) + "}");
}

http::Response move_ref(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  RepoRow repo = repo_by_id(ctx, req);
  auto body = json_body(req);
  const std::string ref(json::get_string(body, "ref").or_throw());
  if (!valid_ref_name(ref) ||
      !(ref.starts_with("refs/heads/") || ref.starts_with("refs/tags/") || ref.starts_with("refs/pr/"))) {
    throw ApiError(ErrorCode::kBadRequest, "ref is a branch, a tag or refs/pr/N");
  }
  const std::string old_sha = sha_or_zero(body, "oldSha");
  const std::string new_sha = sha_or_zero(body, "newSha");
  const access::Identity actor = actor_of(body);
  GitRepo git(config.git_path(repo.id));
  if (new_sha != kZeroOid && git.resolve(new_sha) != new_sha)
    throw ApiError(ErrorCode::kRevisionNotFound, "no commit " + new_sha);
  db::transact(ctx.db, [&](pqxx::work& tx) {
    git.update_ref(ref, old_sha, new_sha == kZeroOid ? "" : new_sha);
    record_ref_updates(tx, repo, &actor,
                       {{ref, old_sha == kZeroOid ? "" : old_sha, new_sha == kZeroOid ? "" : new_sha}});
  });
  return http::Response::json(200, "{}");
}

http::Response compare_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  RepoRow repo = repo_by_id(ctx, req);
  GitRepo git(config.git_path(repo.id));
  const std::string base_rev = req.query_param("base").value_or("");
  const std::string head_rev = req.query_param("head").value_or("");
  auto base = git.resolve(base_rev);
  auto head = git.resolve(head_rev);
  if (!base || !head) throw ApiError(ErrorCode::kRevisionNotFound, "base and head are revisions of the repo");
  const Comparison c = compare(git, *base, *head, 250);
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

http::Response merge_route(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  RepoRow repo = repo_by_id(ctx, req);
  auto body = json_body(req);
  MergeRequest m;
  m.base_ref = std::string(json::get_string(body, "baseRef").or_throw());
  m.expected_base = std::string(json::get_string(body, "expectedBase").or_throw());
  m.head = std::string(json::get_string(body, "head").or_throw());
  m.strategy = std::string(json::get_optional_string(body, "strategy").or_throw().value_or("merge"));
  m.message = std::string(json::get_optional_string(body, "message").or_throw().value_or("Merge"));
  if (m.strategy != "merge" && m.strategy != "squash" && m.strategy != "fast-forward") {
    throw ApiError(ErrorCode::kBadRequest, "strategy is merge, squash or fast-forward");
  }
  if (!m.base_ref.starts_with("refs/heads/") || !valid_ref_name(m.base_ref)) {
    throw ApiError(ErrorCode::kBadRequest, "baseRef is a branch");
  }
  const access::Identity actor = actor_of(body);
  m.author_name = actor.user_name;
  m.author_email = author_email(actor.user_name);
  GitRepo git(config.git_path(repo.id));
  if (git.resolve(m.head) != m.head) throw ApiError(ErrorCode::kRevisionNotFound, "no commit " + m.head);
  MergeResult result;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    result = merge(git, m);
    if (!result.commit.empty()) record_ref_updates(tx, repo, &actor, {{m.base_ref, m.expected_base, result.commit}});
  });
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

// The tensors of a safetensors LFS object this repo holds, as hashed when it was uploaded.
http::Response tensors(service::Context& ctx, http::Request& req) {
  RepoRow repo = repo_by_id(ctx, req);
  const std::string oid(req.param("oid"));
  if (!valid_oid(oid)) throw ApiError(ErrorCode::kBadRequest, "oid is a sha256");
  auto rows = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    if (linked_objects(tx, repo.id, {oid}).empty())
      throw ApiError(ErrorCode::kNotFound, "no such LFS object in this repo");
    return tx.exec_params(
        "SELECT name, dtype, shape::text, begin_offset, end_offset, sha256 FROM repos.tensor_hashes WHERE oid = $1 "
        "ORDER BY name",
        oid);
  });
  json::Writer w;
  w.begin_object().field("oid", oid).key("tensors").begin_array();
  for (const auto& r : rows) {
    w.begin_object().field("name", r[0].as<std::string>()).field("dtype", r[1].as<std::string>());
    w.key("shape").raw_value(json::parse(r[2].as<std::string>()).value());
    w.key("dataOffsets").begin_array().value(r[3].as<std::int64_t>()).value(r[4].as<std::int64_t>()).end_array();
    w.field("sha256", r[5].as<std::string>()).end_object();
  }
  w.end_array().end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_internal_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  routes.add("GET", "/internal/repos/{id}", [&ctx, config](http::Request& r) { return get_repo(ctx, config, r); });
  routes.add("POST", "/internal/repos/{id}/numbers", [&ctx](http::Request& r) { return next_number(ctx, r); });
  routes.add("POST", "/internal/repos/{id}/refs",
             [&ctx, config](http::Request& r) { return move_ref(ctx, config, r); });
  routes.add("GET", "/internal/repos/{id}/compare",
             [&ctx, config](http::Request& r) { return compare_route(ctx, config, r); });
  routes.add("GET", "/internal/repos/{id}/lfs/{oid}/tensors", [&ctx](http::Request& r) { return tensors(ctx, r); });
  routes.add("POST", "/internal/repos/{id}/merge",
             [&ctx, config](http::Request& r) { return merge_route(ctx, config, r); });
}

}  // namespace hub::repos

// Branch protection settings and commit statuses (README.md, "API reference"): what CI reports back, and the
// rules pushes, commits and merges must honour.
#include <cmath>
#include <map>

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/domain/protection.hpp"
#include "services/repos/git/git_repo.hpp"

namespace hub::repos {
namespace {

http::Response get_protection(service::Context& ctx, http::Request& req) {
  RepoRow repo = request_repo(ctx, req);
  const std::string doc =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return protection_document(tx, repo.id); });
  // Rendered through the parser so every field shows with its default.
  auto parsed = json::parse_object(doc);
  return http::Response::json(200, protection_json(parse_protection(parsed.value()).or_throw(ErrorCode::kInternal)));
}

http::Response put_protection(service::Context& ctx, http::Request& req) {
  require_role(req, access::Role::kAdmin);
  RepoRow repo = request_repo(ctx, req);
  auto body = json_body(req);
  const auto rules = parse_protection(body).or_throw();
  const std::string doc = protection_json(rules);
  db::transact(ctx.db, [&](pqxx::work& tx) {
    store_protection(tx, repo.id, doc);
    emit(tx, "repo.config", repo, &*req.ctx.identity,
         R"("updatedConfig":{"protection":)" + doc + R"(},"audit":{"action":"repo.protection.update","target":)" +
             json::quote(repo.full_name()) + R"(,"sourceAddress":)" + json::quote(req.ctx.identity->client_address) +
             "}");
  });
  return http::Response::json(200, doc);
}

bool valid_url(std::string_view url) {
  return (url.starts_with("https://") || url.starts_with("http://")) && url.size() <= 2000 &&
         url.find_first_of(" \t\r\n\"<>") == std::string_view::npos;
}

http::Response post_status(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  RepoRow repo = request_repo(ctx, req);
  const std::string sha(req.param("sha"));
  auto body = json_body(req);
  const std::string state(json::get_string(body, "state").or_throw());
  const std::string context(json::get_optional_string(body, "context").or_throw().value_or("default"));
  const std::string description(json::get_optional_string(body, "description").or_throw().value_or(""));
  const std::string target(json::get_optional_string(body, "targetUrl").or_throw().value_or(""));
  if (state != "pending" && state != "success" && state != "failure" && state != "error") {
    throw ApiError(ErrorCode::kBadRequest, "state is pending, success, failure or error");
  }
  if (context.empty() || context.size() > 255)
    throw ApiError(ErrorCode::kBadRequest, "context has 1 to 255 characters");
  if (description.size() > 1000) throw ApiError(ErrorCode::kBadRequest, "description has at most 1000 characters");
  if (!target.empty() && !valid_url(target)) throw ApiError(ErrorCode::kBadRequest, "targetUrl is an http(s) URL");
  std::string metrics;
  if (const json::Value* m = json::find(body, "metrics")) {
    if (!m->IsObject() || m->MemberCount() > 100)
      throw ApiError(ErrorCode::kBadRequest, "metrics is {name: number}, at most 100");
    for (const auto& [k, v] : m->GetObject()) {
      if (k.GetStringLength() == 0 || k.GetStringLength() > 255 || !v.IsNumber() || !std::isfinite(v.GetDouble())) {
        throw ApiError(ErrorCode::kBadRequest, "metrics is {name: number}");
      }
    }
    json::Writer w;
    w.raw_value(*m);
    metrics = w.str();
  }
  GitRepo git(config.git_path(repo.id));
  if (sha.size() != 40 || git.resolve(sha) != sha)
    throw ApiError(ErrorCode::kRevisionNotFound, "no commit " + util::header_safe(sha, 64));
  const access::Identity& who = *req.ctx.identity;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    tx.exec_params(
        "INSERT INTO repos.commit_statuses (repo_id, sha, context, state, description, target_url, metrics, "
        "creator_id, "
        "creator_name) VALUES ($1::uuid, $2, $3, $4, NULLIF($5, ''), NULLIF($6, ''), NULLIF($7, '')::jsonb, "
        "NULLIF($8, '')::uuid, $9)",
        repo.id, sha, context, state, description, target, metrics, who.user_id, who.user_name);
    json::Writer data;
    data.begin_object().field("sha", sha).field("context", context).field("state", state).end_object();
    const std::string d = data.str();
    emit(tx, "repo.status", repo, &who, std::string_view(d).substr(1, d.size() - 2));
  });
  json::Writer w;
  w.begin_object().field("sha", sha).field("context", context).field("state", state).end_object();
  return http::Response::json(201, w.str());
}

http::Response get_statuses(service::Context& ctx, http::Request& req) {
  RepoRow repo = request_repo(ctx, req);
  const std::string sha(req.param("sha"));
  if (sha.size() != 40) throw ApiError(ErrorCode::kBadRequest, "sha is a full commit id");
  auto rows = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    return tx.exec_params(
        "SELECT DISTINCT ON (context) context, state, COALESCE(description, ''), COALESCE(target_url, ''), "
        "COALESCE(metrics::text, ''), creator_name, "
        "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
        "FROM repos.commit_statuses WHERE repo_id = $1::uuid AND sha = $2 ORDER BY context, id DESC",
        repo.id, sha);
  });
  // Combined: any failure or error fails; any pending (or nothing reported) is pending; else success.
  std::string combined = rows.empty() ? "pending" : "success";
  json::Writer w;
  w.begin_object().field("sha", sha).key("statuses").begin_array();
  for (const auto& r : rows) {
    const std::string state = r[1].as<std::string>();
    if (state == "failure" || state == "error") {
      combined = "failure";
    } else if (state == "pending" && combined == "success") {
      combined = "pending";
    }
    w.begin_object().field("context", r[0].as<std::string>()).field("state", state);
    w.field("description", r[2].as<std::string>()).field("targetUrl", r[3].as<std::string>());
    if (!r[4].as<std::string>().empty()) {
      auto m = json::parse(r[4].as<std::string>());
      if (m) w.key("metrics").raw_value(m.value());
    }
    w.field("creator", r[5].as<std::string>()).field("createdAt", r[6].as<std::string>()).end_object();
  }
  w.end_array().field("state", combined).end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_protection_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  const std::string api = "/api/{type:models|datasets|spaces}/{namespace}/{name}";
  routes.add("GET", api + "/settings/protection", [&ctx](http::Request& r) { return get_protection(ctx, r); });
  routes.add("PUT", api + "/settings/protection", [&ctx](http::Request& r) { return put_protection(ctx, r); });
  routes.add("POST", api + "/statuses/{sha}", [&ctx, config](http::Request& r) { return post_status(ctx, config, r); });
  routes.add("GET", api + "/statuses/{sha}", [&ctx](http::Request& r) { return get_statuses(ctx, r); });
}

}  // namespace hub::repos

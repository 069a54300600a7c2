// Branch protection settings and commit statuses (README.md, "API reference"): what CI reports back, and the
// rules pushes, commits and merges must honour.
#include "services/repos/api/routes.hpp"
#include "services/repos/app/protection.hpp"

namespace hub::repos {

std::string statuses_json(const std::string& sha, const std::vector<CommitStatus>& latest_per_context) {
  json::Writer w;
  w.begin_object().field("sha", sha).key("statuses").begin_array();
  for (const auto& s : latest_per_context) {
    w.begin_object().field("context", s.context).field("state", s.state);
    w.field("description", s.description).field("targetUrl", s.target_url);
    if (!s.metrics_json.empty()) {
      auto m = json::parse(s.metrics_json);
      if (m) w.key("metrics").raw_value(m.value());
    }
    w.field("creator", s.creator).field("createdAt", s.created_at).end_object();
  }
  w.end_array().field("state", combined_state(latest_per_context)).end_object();
  return w.str();
}

namespace {

http::Response get_protection(service::Context& ctx, http::Request& req) {
  const RepoRow repo = request_repo(ctx, req);
  // Rendered through the parser so every field shows with its default.
  return http::Response::json(200, domain::protection_json(load_protection(ctx, repo.id)));
}

http::Response put_protection(service::Context& ctx, http::Request& req) {
  require_role(req, access::Role::kAdmin);
  const RepoRow repo = request_repo(ctx, req);
  auto body = json_body(req);
  const auto rules = domain::parse_protection(body).or_throw();
  return http::Response::json(200, save_protection(ctx, repo, *req.ctx.identity, rules));
}

http::Response post_status(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  const RepoRow repo = request_repo(ctx, req);
  const std::string sha(req.param("sha"));
  auto body = json_body(req);
  const CommitStatus status = parse_commit_status(body);
  record_status(ctx, config, repo, *req.ctx.identity, sha, status);
  json::Writer w;
  w.begin_object().field("sha", sha).field("context", status.context).field("state", status.state).end_object();
  return http::Response::json(201, w.str());
}

http::Response get_statuses(service::Context& ctx, http::Request& req) {
  const RepoRow repo = request_repo(ctx, req);
  const std::string sha(req.param("sha"));
  if (sha.size() != 40) throw ApiError(ErrorCode::kBadRequest, "sha is a full commit id");
  return http::Response::json(200, statuses_json(sha, statuses_of(ctx, repo.id, sha)));
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

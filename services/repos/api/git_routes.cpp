// git's smart HTTP protocol through git's own server side: `git http-backend` as CGI, with the
// repo's bare directory found by id, protocol v2 passed through GIT_PROTOCOL, gzip request bodies
// left for http-backend to inflate (app/git_service.cpp), and hooks (app/push_hooks.cpp) that enforce roles and report
// ref updates to the outbox. Only the smart services are served: no dumb-HTTP file walking.
#include "common/http/error_response.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/git_service.hpp"

namespace hub::repos {
namespace {

// The 401 that makes git send credentials (error_response adds WWW-Authenticate to every 401).
http::Response ask_credentials(std::string_view why, const http::Request& req) {
  return http::error_response(ErrorCode::kUnauthorized, why, req.ctx.request_id);
}

http::Response smart_http(service::Context& ctx, const ReposConfig& config, http::Request& req,
                          std::string_view action) {
  const std::string service = action == "info/refs" ? req.query_param("service").value_or("") : std::string(action);
  if (service != "git-upload-pack" && service != "git-receive-pack") {
    throw ApiError(ErrorCode::kForbidden, "only git's smart HTTP protocol is served; update git");
  }
  const bool push = service == "git-receive-pack";
  const access::Identity* who = req.ctx.identity ? &*req.ctx.identity : nullptr;
  if (push && (who == nullptr || who->anonymous())) return ask_credentials("authentication required to push", req);
  // A push takes the write role, or (for the author of a pull request, moving its refs/pr/N) a
  // credential that may open pull requests: the pre-receive hook decides ref by ref.
  if (push) {
    require_proposer(req);
  } else {
    require_role(req, access::Role::kRead);
  }
  RepoRow repo = request_repo(ctx, req);
  if (!push) require_gate(ctx, config, req, repo, {});  // a clone is every file

  return serve_git(ctx, config, repo, who, req, action, push);
}

}  // namespace

void install_git_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  const http::HandlerOptions get{.route_class = http::RouteClass::kTransfer};
  const http::HandlerOptions post{
      .route_class = http::RouteClass::kTransfer, .max_body = kMaxPushBody, .stream_body = true};
  for (const std::string prefix : {"/{prefix:datasets|spaces}", ""}) {
    for (const std::string name : {"{name}.git", "{name}"}) {
      std::string base = prefix;
      base.append("/{namespace}/").append(name);
      routes.add(
          "GET", base + "/info/refs",
          [&ctx, config](http::Request& r) { return smart_http(ctx, config, r, "info/refs"); }, get);
      routes.add(
          "POST", base + "/git-upload-pack",
          [&ctx, config](http::Request& r) { return smart_http(ctx, config, r, "git-upload-pack"); }, post);
      routes.add(
          "POST", base + "/git-receive-pack",
          [&ctx, config](http::Request& r) { return smart_http(ctx, config, r, "git-receive-pack"); }, post);
    }
  }
}

}  // namespace hub::repos

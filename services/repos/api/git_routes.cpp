// git's smart HTTP protocol through git's own server side: `git http-backend` as CGI, with the
// repo's bare directory found by id, protocol v2 passed through GIT_PROTOCOL, gzip request bodies
// left for http-backend to inflate, and hooks (git_hooks.cpp) that enforce roles and report ref
// updates to the outbox. Only the smart services are served: no dumb-HTTP file walking.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "common/db/transaction.hpp"
#include "common/http/error_response.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/unrecorded_pushes.hpp"
#include "services/repos/git/cgi.hpp"

namespace hub::repos {
namespace {

constexpr std::uint64_t kMaxPushBody = 64ULL << 30;

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
  require_role(req, push ? access::Role::kWrite : access::Role::kRead);
  RepoRow repo = request_repo(ctx, req);
  if (!push) require_gate(ctx, config, req, repo, {});  // a clone is every file

  CgiRequest cgi;
  cgi.program = config.git_http_backend;
  const std::string path_info = "/" + repo.id + ".git/" + std::string(action);
  const std::string content_type(req.headers.get("Content-Type"));
  auto add = [&](const std::string& name, std::string_view value) {
    cgi.env.push_back(name + "=" + std::string(value));
  };
  add("PATH", config.path_env);
  add("HOME", config.data_dir);
  add("GIT_PROJECT_ROOT", config.data_dir + "/repos");
  add("GIT_HTTP_EXPORT_ALL", "1");
  add("GIT_CONFIG_NOSYSTEM", "1");
  add("PATH_INFO", path_info);
  add("REQUEST_METHOD", req.method);
  add("QUERY_STRING", req.query);
  add("CONTENT_TYPE", content_type);
  add("REMOTE_ADDR", who != nullptr ? who->client_address : "");
  // http-backend enables receive-pack only for an authenticated user; the role check above decided.
  if (who != nullptr && !who->anonymous()) add("REMOTE_USER", who->user_name);
  if (auto protocol = req.headers.get("Git-Protocol"); !protocol.empty()) add("GIT_PROTOCOL", protocol);
  if (auto encoding = req.headers.get("Content-Encoding"); !encoding.empty()) add("HTTP_CONTENT_ENCODING", encoding);
  // Our hooks, whatever the repo's own config says; and what they need to know about the pusher.
  add("GIT_CONFIG_COUNT", "3");
  add("GIT_CONFIG_KEY_0", "core.hooksPath");
  add("GIT_CONFIG_VALUE_0", config.data_dir + "/hooks");
  add("GIT_CONFIG_KEY_1", "uploadpack.allowFilter");
  add("GIT_CONFIG_VALUE_1", "true");
  add("GIT_CONFIG_KEY_2", "receive.fsckObjects");
  add("GIT_CONFIG_VALUE_2", "true");
  add("HUB_HOOK_REPO_ID", repo.id);
  add("HUB_HOOK_ROLE", access::role_name(who != nullptr ? who->role : access::Role::kNone));
  add("HUB_HOOK_USER_ID", who != nullptr ? who->user_id : "");
  add("HUB_HOOK_USER_NAME", who != nullptr ? who->user_name : "");
  add("HUB_HOOK_REQUEST_ID", req.ctx.request_id);
  add("HUB_PG_URL", config.pg_url);
  add("HUB_HOOK_UNRECORDED_DIR", unrecorded_dir(config.data_dir));
  if (push) {
    add("HUB_HOOK_PROTECTION",
        db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return protection_document(tx, repo.id); }));
  }
  for (const auto& [name, value] : config.sanitizer_env)
    add(name, value);
  if (req.method == "POST") {
    if (req.body_reader == nullptr) throw ApiError(ErrorCode::kInternal, "internal error", "git body not streamed");
    cgi.stdin_fd = spool_body(*req.body_reader, config.data_dir + "/tmp", kMaxPushBody);
    add("CONTENT_LENGTH", std::to_string(::lseek(cgi.stdin_fd, 0, SEEK_END)));
    ::lseek(cgi.stdin_fd, 0, SEEK_SET);
  }
  http::Response r = run_cgi(std::move(cgi));
  if (push && req.method == "POST") {
    log::info("push", {{"repo", repo.id}, {"user", who->user_id}, {"requestId", req.ctx.request_id}});
  }
  return r;
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

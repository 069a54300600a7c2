#include "services/repos/app/git_service.hpp"

#include <unistd.h>

#include "common/log/log.hpp"
#include "services/repos/app/protection.hpp"
#include "services/repos/app/unrecorded_pushes.hpp"
#include "services/repos/git/cgi.hpp"

namespace hub::repos {

http::Response serve_git(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                         const access::Identity* who, http::Request& req, std::string_view action, bool push) {
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
  // Without the write role, a pusher may move only the pull requests it opened, and only with a
  // credential that may write to discussions (the pre-receive hook decides, ref by ref).
  add("HUB_HOOK_PROPOSER", who != nullptr && who->discussion_write ? "1" : "0");
  add("HUB_HOOK_REQUEST_ID", req.ctx.request_id);
  add("HUB_PG_URL", config.pg_url);
  add("HUB_HOOK_UNRECORDED_DIR", unrecorded_dir(config.data_dir));
  if (push) {
    add("HUB_HOOK_PROTECTION", load_protection_document(ctx, repo.id));
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

}  // namespace hub::repos

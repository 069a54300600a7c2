// What discussions asks pulls (docs/architecture.md, "Who calls whom"): open the review record of a
// pull request for a number it allocated (and refs/pr/N through repos, unless repos made it for a
// commit with create_pr=1 and says at which commit). Signed service calls only.
#include "common/http/handler_support.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/pulls/api/request_parts.hpp"
#include "services/pulls/api/routes.hpp"
#include "services/pulls/app/merging.hpp"
#include "services/pulls/app/pull_requests.hpp"

namespace hub::pulls {
namespace {

http::Response open(service::Context& ctx, const Peers& peers, http::Request& req) {
  const std::string repo_id(req.param("id"));
  if (!util::is_uuid(repo_id)) throw ApiError(ErrorCode::kBadRequest, "repo id is a UUID");
  auto body = http::json_body(req);
  OpenPull open;
  open.num = json::get_int(body, "num").or_throw();
  if (open.num <= 0) throw ApiError(ErrorCode::kBadRequest, "num is a positive number");
  const json::Value* author = json::get_object(body, "author").or_throw();
  open.author.user_id = std::string(json::get_optional_string(*author, "id").or_throw().value_or(""));
  open.author.user_name = std::string(json::get_string(*author, "name").or_throw());
  if (!open.author.user_id.empty() && !util::is_uuid(open.author.user_id)) {
    throw ApiError(ErrorCode::kBadRequest, "author.id is a UUID");
  }
  open.repo_type = std::string(json::get_string(body, "type").or_throw());
  open.repo_name = std::string(json::get_string(body, "namespace").or_throw()) + "/" +
                   std::string(json::get_string(body, "name").or_throw());
  open.base_branch = std::string(json::get_optional_string(body, "base").or_throw().value_or("main"));
  open.start = std::string(json::get_optional_string(body, "head").or_throw().value_or(""));
  open.head_sha = std::string(json::get_optional_string(body, "headSha").or_throw().value_or(""));
  if (!open.head_sha.empty() && !util::is_commit_sha(open.head_sha))
    throw ApiError(ErrorCode::kBadRequest, "headSha is a sha");
  const PullRow pull = open_pull(ctx, peers, repo_id, open, req.ctx.request_id);
  json::Writer w;
  w.begin_object()
      .field("num", pull.num)
      .field("base", pull.base_ref)
      .field("headSha", pull.opened_at_sha)
      .end_object();
  return http::Response::json(200, w.str());
}

http::Response conflicts(service::Context& ctx, const Peers& peers, http::Request& req) {
  const std::string repo_id(req.param("id"));
  if (!util::is_uuid(repo_id)) throw ApiError(ErrorCode::kNotFound, "no such pull request");
  json::Writer w;
  w.begin_object().key("conflicts").begin_array();
  for (const auto& path : conflicts_now(ctx, peers, repo_id, pull_number(req), req.ctx.request_id))
    w.value(path);
  w.end_array().end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_internal_routes(service::Context& ctx, http::RouteDispatcher& routes,
                             const std::shared_ptr<Peers>& peers) {
  routes.add("POST", "/internal/repos/{id}/pulls", [&ctx, peers](http::Request& r) { return open(ctx, *peers, r); });
  routes.add("GET", "/internal/repos/{id}/pulls/{num}/conflicts",
             [&ctx, peers](http::Request& r) { return conflicts(ctx, *peers, r); });
}

}  // namespace hub::pulls

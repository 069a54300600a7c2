// What repos and pulls ask discussions (docs/architecture.md, "Who calls whom"): open the thread of
// a pull request for a number repos allocated, record its commits, and its merge. Signed service
// calls only (/internal/ is never routed by the gateway).
#include "common/http/handler_support.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/discussions/api/routes.hpp"
#include "services/discussions/app/threads.hpp"

namespace hub::discussions {
namespace {

// The repo as the caller names it: the id in the path, its type and path in the body.
Place body_place(service::Context& ctx, const http::Request& req, const json::Value& body) {
  Place place;
  place.repo_id = std::string(req.param("id"));
  if (!util::is_uuid(place.repo_id)) throw ApiError(ErrorCode::kBadRequest, "repo id is a UUID");
  place.type = domain::parse_repo_type(json::get_string(body, "type").or_throw()).value_or(domain::RepoType::kModel);
  place.ns = std::string(json::get_string(body, "namespace").or_throw());
  place.name = std::string(json::get_string(body, "name").or_throw());
  place.public_url = ctx.settings.public_url;
  return place;
}

access::Identity person(const json::Value& body, std::string_view key) {
  const json::Value* who = json::find(body, key);
  if (who == nullptr || !who->IsObject()) throw ApiError(ErrorCode::kBadRequest, std::string(key) + " is required");
  access::Identity id;
  id.user_id = std::string(json::get_optional_string(*who, "id").or_throw().value_or(""));
  id.user_name = std::string(json::get_string(*who, "name").or_throw());
  if (!id.user_id.empty() && !util::is_uuid(id.user_id)) throw ApiError(ErrorCode::kBadRequest, "a user id is a UUID");
  return id;
}

std::int64_t number(const http::Request& req) {
  const auto num = util::parse_int(req.param("num"));
  if (!num || *num <= 0) throw ApiError(ErrorCode::kBadRequest, "num is a positive number");
  return *num;
}

http::Response open_pull_request(service::Context& ctx, const service::Peer& pulls, http::Request& req) {
  auto body = http::json_body(req);
  const Place place = body_place(ctx, req, body);
  const auto num = json::get_int(body, "num").or_throw();
  if (num <= 0) throw ApiError(ErrorCode::kBadRequest, "num is a positive number");
  NewThread thread;
  thread.title = checked_title(json::get_string(body, "title").or_throw()).or_throw();
  if (auto d = json::get_optional_string(body, "description").or_throw(); d && !blank(*d)) {
    thread.description = checked_comment(*d).or_throw();
  }
  thread.pull_request = true;
  const std::string base(json::get_string(body, "base").or_throw());
  const std::string head_sha(json::get_string(body, "headSha").or_throw());
  if (!util::is_commit_sha(head_sha)) throw ApiError(ErrorCode::kBadRequest, "headSha is a full commit id");
  const ThreadRow t = open_pull_request_thread(ctx, pulls, place, num, thread, person(body, "author"), base, head_sha,
                                               req.ctx.request_id);
  return http::Response::json(200, "{\"num\":" + std::to_string(t.num) + "}");
}

http::Response commit(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  const Place place = body_place(ctx, req, body);
  const std::string oid(json::get_string(body, "oid").or_throw());
  if (!util::is_commit_sha(oid)) throw ApiError(ErrorCode::kBadRequest, "oid is a full commit id");
  const std::string subject(json::get_string(body, "subject").or_throw());
  record_commit(ctx, place, number(req), oid, subject, person(body, "author"));
  return http::Response::json(200, "{}");
}

http::Response merged(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  const Place place = body_place(ctx, req, body);
  const std::string oid(json::get_string(body, "mergeCommitId").or_throw());
  if (!util::is_commit_sha(oid)) throw ApiError(ErrorCode::kBadRequest, "mergeCommitId is a full commit id");
  std::string comment(json::get_optional_string(body, "comment").or_throw().value_or(""));
  if (!comment.empty()) comment = checked_comment(comment).or_throw();
  record_merged(ctx, place, number(req), oid, person(body, "actor"), comment);
  return http::Response::json(200, "{}");
}

// A thread as pulls needs it to decide on a pull request: status, title, author, description.
http::Response summary(service::Context& ctx, http::Request& req) {
  const std::string repo_id(req.param("id"));
  if (!util::is_uuid(repo_id)) throw ApiError(ErrorCode::kNotFound, "no such thread");
  auto s = thread_summary(ctx, repo_id, number(req));
  if (!s) throw ApiError(ErrorCode::kNotFound, "no such thread");
  json::Writer w;
  w.begin_object().field("num", s->thread.num).field("isPullRequest", s->thread.is_pull_request);
  w.field("status", status_name(s->thread.status)).field("title", s->thread.title);
  w.field("authorId", s->thread.author_id).field("authorName", s->thread.author_name);
  w.field("description", s->description).field("base", s->thread.base_ref).end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_internal_routes(service::Context& ctx, http::RouteDispatcher& routes, const DiscussionsConfig& config) {
  auto pulls = std::make_shared<service::Peer>("discussions", "pulls", config.pulls_addresses, ctx.signer);
  routes.add("POST", "/internal/repos/{id}/threads",
             [&ctx, pulls](http::Request& r) { return open_pull_request(ctx, *pulls, r); });
  routes.add("GET", "/internal/repos/{id}/threads/{num}", [&ctx](http::Request& r) { return summary(ctx, r); });
  routes.add("POST", "/internal/repos/{id}/threads/{num}/commits", [&ctx](http::Request& r) { return commit(ctx, r); });
  routes.add("POST", "/internal/repos/{id}/threads/{num}/merged", [&ctx](http::Request& r) { return merged(ctx, r); });
}

}  // namespace hub::discussions

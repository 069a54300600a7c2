#include "common/http/handler_support.hpp"

#include "common/error/api_error.hpp"
#include "common/util/strings.hpp"

namespace hub::http {

bool signed_in(const Request& request) {
  return request.ctx.identity && !request.ctx.identity->anonymous();
}

ApiError authentication_required() {
  return ApiError(ErrorCode::kUnauthorized, "authentication required");
}

const access::Identity& require_user(const Request& request) {
  if (!signed_in(request)) throw authentication_required();
  return *request.ctx.identity;
}

json::Document json_body(const Request& request) {
  const auto type = util::to_lower(request.headers.get("Content-Type"));
  if (!type.starts_with("application/json")) {
    throw ApiError(ErrorCode::kUnsupportedMediaType, "the body must be application/json");
  }
  return json::parse_object(request.body).or_throw();
}

const access::Identity* caller(const Request& request) {
  return request.ctx.identity ? &*request.ctx.identity : nullptr;
}

domain::RepoPlace signed_repo_place(const Request& request, const std::string& public_url) {
  const access::Identity* who = caller(request);
  if (who == nullptr || who->repo_id.empty() || who->role < access::Role::kRead) {
    throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  }
  domain::RepoPlace place;
  place.repo_id = who->repo_id;
  place.type = domain::parse_plural(request.param("type")).value_or(domain::RepoType::kModel);
  place.ns = std::string(request.param("namespace"));
  place.name = std::string(request.param("name"));
  place.public_url = public_url;
  return place;
}

}  // namespace hub::http

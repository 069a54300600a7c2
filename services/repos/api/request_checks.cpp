// The checks every repos route makes: the request's repo, the caller's role, a list's cursor.
#include "common/domain/repo_type.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/repo_queries.hpp"

namespace hub::repos {

std::string type_from_plural(std::string_view plural) {
  return std::string(domain::type_name(domain::parse_plural(plural).value_or(domain::RepoType::kModel)));
}

std::string web_prefix(std::string_view type) {
  return std::string(domain::web_prefix(domain::parse_repo_type(type).value_or(domain::RepoType::kModel)));
}

RepoRow request_repo(service::Context& ctx, const http::Request& request) {
  const access::Identity* who = request.ctx.identity ? &*request.ctx.identity : nullptr;
  if (who == nullptr || who->repo_id.empty()) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  auto row = load_repo(ctx, who->repo_id);
  if (!row) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  // An old path of a moved repo: the same request at its current path (307 keeps method and body).
  const std::string_view ns = request.param("namespace");
  const std::string_view name = request.param("name");
  if (!ns.empty() && (!util::iequals(ns, row->ns) || !util::iequals(name, row->name))) {
    // Built by appends: GCC 12 at -O3 misreads `"/" + std::string(…)` as an overlapping copy.
    std::string old_path;
    old_path.append("/").append(ns).append("/").append(name);
    std::string current;
    current.append("/").append(row->full_name());
    std::string target = request.path;
    if (const auto at = target.find(old_path); at != std::string::npos) {
      target.replace(at, old_path.size(), current);
      if (!request.query.empty()) target.append("?").append(request.query);
      http::Response moved = http::Response::json(307, json::error_body("this repo moved to " + row->full_name()));
      moved.headers.set("Location", target);
      throw http::ResponseException(std::move(moved));
    }
  }
  return *row;
}

void require_role(const http::Request& request, access::Role role) {
  const access::Identity* who = request.ctx.identity ? &*request.ctx.identity : nullptr;
  if (who != nullptr && who->role >= role) return;
  if (who == nullptr || who->anonymous()) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  throw ApiError(ErrorCode::kForbidden,
                 std::string("this needs the ") + std::string(access::role_name(role)) + " role on the repo");
}

void require_proposer(const http::Request& request) {
  const access::Identity* who = request.ctx.identity ? &*request.ctx.identity : nullptr;
  if (who != nullptr && who->role >= access::Role::kWrite) return;
  if (who == nullptr || who->anonymous()) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  if (who->role < access::Role::kRead) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  if (!who->discussion_write) {
    throw ApiError(ErrorCode::kForbidden, "this token may not open pull requests on this repo (discussion.write)");
  }
}

std::size_t cursor_offset(const http::CursorSealer& sealer, std::string_view list, const http::Request& request) {
  auto cursor = request.query_param("cursor");
  if (!cursor) return 0;
  auto position = sealer.open(list, *cursor);
  auto n = position ? util::parse_uint(*position) : std::nullopt;
  if (!n) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
  return static_cast<std::size_t>(*n);
}

}  // namespace hub::repos

// Branches, tags, the refs listing and the commit history (docs/hub-contract.md §2). Every ref change is a
// compare-and-swap on the ref and a repo.content event.
#include "common/http/paging.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/refs.hpp"

namespace hub::repos {
namespace {

void write_refs(json::Writer& w, std::string_view key, const std::vector<RefInfo>& refs) {
  w.key(key).begin_array();
  for (const auto& r : refs) {
    w.begin_object().field("name", r.name).field("ref", r.ref).field("targetCommit", r.target).end_object();
  }
  w.end_array();
}

http::Response list_refs(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const RepoRow repo = request_repo(ctx, req);
  const Refs refs = repos::list_refs(config, repo);
  const auto prs = req.query_param("include_prs");
  json::Writer w;
  w.begin_object();
  write_refs(w, "branches", refs.branches);
  write_refs(w, "tags", refs.tags);
  write_refs(w, "converts", refs.converts);
  if (prs && (*prs == "1" || *prs == "true")) write_refs(w, "pullRequests", refs.pulls);
  w.end_object();
  return http::Response::json(200, w.str());
}

std::optional<json::Document> optional_json(const http::Request& req) {
  if (util::trim(req.body).empty()) return std::nullopt;
  return json_body(req);
}

http::Response create_branch(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  const RepoRow repo = request_repo(ctx, req);
  CreateBranch command;
  command.ref = branch_ref_of(req.param("branch"));
  if (auto body = optional_json(req)) {
    if (auto s = json::get_optional_string(*body, "startingPoint").or_throw()) command.start = std::string(*s);
    command.empty = json::get_optional_bool(*body, "emptyBranch").or_throw().value_or(false);
    command.overwrite = json::get_optional_bool(*body, "overwrite").or_throw().value_or(false);
  }
  repos::create_branch(ctx, config, repo, *req.ctx.identity, command);
  return http::Response::json(200, "{}");
}

http::Response delete_branch(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  const RepoRow repo = request_repo(ctx, req);
  repos::delete_branch(ctx, config, repo, *req.ctx.identity, branch_ref_of(req.param("branch")));
  return http::Response::json(200, "{}");
}

http::Response create_tag(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  const RepoRow repo = request_repo(ctx, req);
  auto body = json_body(req);
  CreateTag command;
  const std::string tag(json::get_string(body, "tag").or_throw());
  command.message = std::string(json::get_optional_string(body, "message").or_throw().value_or(""));
  command.ref = tag_ref_of(tag);
  if (command.message.size() > 10000) {
    throw ApiError(ErrorCode::kBadRequest, "the message has at most 10000 characters");
  }
  command.revision = std::string(req.param("rev"));
  repos::create_tag(ctx, config, repo, *req.ctx.identity, command);
  return http::Response::json(200, "{}");
}

http::Response delete_tag(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  const RepoRow repo = request_repo(ctx, req);
  repos::delete_tag(ctx, config, repo, *req.ctx.identity, existing_tag_ref(req.param("tag")));
  return http::Response::json(200, "{}");
}

http::Response list_commits(service::Context& ctx, const ReposConfig& config, const http::CursorSealer& sealer,
                            http::Request& req) {
  const RepoRow repo = request_repo(ctx, req);
  const std::string commit = resolve_revision(config, repo, std::string(req.param("rev")));
  const std::size_t page = http::page_limit(req, 50);
  const std::string list = "commits:" + repo.id + ":" + commit;
  std::size_t skip = cursor_offset(sealer, list, req);
  if (auto p = req.query_param("p"); p && !req.query_param("cursor")) {
    auto n = util::parse_uint(*p);  // the Hub's 0-based page number, which PY's pagination may send
    if (!n || *n > 1000000) throw ApiError(ErrorCode::kBadRequest, "p is a page number");
    skip = *n * page;
  }
  const CommitPage log = commit_log(config, repo, commit, skip, page);
  json::Writer w;
  w.begin_array();
  for (const auto& c : log.commits) {
    w.begin_object().field("id", c.id).field("title", c.title).field("message", c.message);
    w.field("date", iso_time(c.time));
    w.key("authors").begin_array().begin_object().field("user", c.author_name).field("avatar", "").end_object();
    w.end_array().end_object();
  }
  w.end_array();
  http::Response r = http::Response::json(200, w.str());
  r.headers.set("X-Total-Count", std::to_string(log.total));
  if (skip + log.commits.size() < log.total) {
    r.headers.set("Link", http::next_link(config.public_url, req, sealer.seal(list, std::to_string(skip + page))));
  }
  return r;
}

}  // namespace

void install_ref_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  auto sealer = std::make_shared<const http::CursorSealer>(ctx.settings.internal_secret);
  const std::string api = "/api/{type:models|datasets|spaces}/{namespace}/{name}";
  routes.add("GET", api + "/refs", [&ctx, config](http::Request& r) { return list_refs(ctx, config, r); });
  routes.add("POST", api + "/branch/{branch+}",
             [&ctx, config](http::Request& r) { return create_branch(ctx, config, r); });
  routes.add("DELETE", api + "/branch/{branch+}",
             [&ctx, config](http::Request& r) { return delete_branch(ctx, config, r); });
  routes.add("POST", api + "/tag/{rev+}", [&ctx, config](http::Request& r) { return create_tag(ctx, config, r); });
  routes.add("DELETE", api + "/tag/{tag+}", [&ctx, config](http::Request& r) { return delete_tag(ctx, config, r); });
  routes.add("GET", api + "/commits/{rev+}",
             [&ctx, config, sealer](http::Request& r) { return list_commits(ctx, config, *sealer, r); });
}

}  // namespace hub::repos

// Branches, tags, the refs listing and the commit history (docs/hub-contract.md §2). Every ref change is a
// compare-and-swap on the ref and a repo.content event.
#include "common/db/transaction.hpp"
#include "common/http/paging.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/domain/protection.hpp"
#include "services/repos/git/git_repo.hpp"

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
  RepoRow repo = request_repo(ctx, req);
  GitRepo git(config.git_path(repo.id));
  const Refs refs = git.refs();
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

// 403 when the repo's protection forbids this change of `ref` by the caller.
void check_protection(service::Context& ctx, const RepoRow& repo, const http::Request& req, const RefChange& change) {
  const std::string doc =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return protection_document(tx, repo.id); });
  const auto rules = parse_protection(json::parse_object(doc).value()).or_throw(ErrorCode::kInternal);
  if (auto refusal = protection_refusal(rules, change, req.ctx.identity->role))
    throw ApiError(ErrorCode::kForbidden, *refusal);
}

// A new branch's name: a valid ref under refs/heads/, not one of the Hub's special refs.
std::string branch_ref_of(std::string_view name) {
  if (name.empty() || name.starts_with("refs/") || name == "HEAD") {
    throw ApiError(ErrorCode::kBadRequest, "invalid branch name: " + util::header_safe(name, 100));
  }
  std::string ref = "refs/heads/" + std::string(name);
  if (!valid_ref_name(ref))
    throw ApiError(ErrorCode::kBadRequest, "invalid branch name: " + util::header_safe(name, 100));
  return ref;
}

std::optional<json::Document> optional_json(const http::Request& req) {
  if (util::trim(req.body).empty()) return std::nullopt;
  return json_body(req);
}

http::Response create_branch(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  RepoRow repo = request_repo(ctx, req);
  const std::string ref = branch_ref_of(req.param("branch"));
  auto body = optional_json(req);
  std::optional<std::string> start;
  bool empty = false;
  bool overwrite = false;
  if (body) {
    if (auto s = json::get_optional_string(*body, "startingPoint").or_throw()) start = std::string(*s);
    empty = json::get_optional_bool(*body, "emptyBranch").or_throw().value_or(false);
    overwrite = json::get_optional_bool(*body, "overwrite").or_throw().value_or(false);
  }
  GitRepo git(config.git_path(repo.id));
  std::optional<std::string> target;
  if (!empty) {
    target = git.resolve(start.value_or("main"));
    if (!target) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + start.value_or("main"));
  }
  const auto& who = *req.ctx.identity;
  const std::string old = git.resolve(ref).value_or("");
  if (!old.empty() && !overwrite) throw ApiError(ErrorCode::kConflict, "Reference already exists: " + ref);
  if (old.empty()) {
    check_protection(ctx, repo, req, RefChange{ref, true, false, true});
    git.create_ref(ref, target, who.user_name, author_email(who.user_name));
  } else {
    if (!target) throw ApiError(ErrorCode::kBadRequest, "an empty branch cannot overwrite an existing one");
    check_protection(ctx, repo, req, RefChange{ref, false, false, git.fast_forward(old, *target)});
    git.update_ref(ref, old, *target);
  }
  const std::string now = git.resolve(ref).value_or("");
  db::transact(ctx.db, [&](pqxx::work& tx) { record_ref_updates(tx, repo, &who, {{ref, old, now}}); });
  return http::Response::json(200, "{}");
}

http::Response delete_branch(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  RepoRow repo = request_repo(ctx, req);
  const std::string ref = branch_ref_of(req.param("branch"));
  if (ref == "refs/heads/main") throw ApiError(ErrorCode::kBadRequest, "the default branch cannot be deleted");
  GitRepo git(config.git_path(repo.id));
  const auto old = git.resolve(ref);
  if (!old) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + ref.substr(11));
  check_protection(ctx, repo, req, RefChange{ref, false, true, false});
  git.update_ref(ref, *old, "");
  db::transact(ctx.db, [&](pqxx::work& tx) { record_ref_updates(tx, repo, &*req.ctx.identity, {{ref, *old, ""}}); });
  return http::Response::json(200, "{}");
}

http::Response create_tag(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  RepoRow repo = request_repo(ctx, req);
  auto body = json_body(req);
  const std::string tag(json::get_string(body, "tag").or_throw());
  const std::string message(json::get_optional_string(body, "message").or_throw().value_or(""));
  const std::string ref = "refs/tags/" + tag;
  if (tag.empty() || tag.starts_with("refs/") || !valid_ref_name(ref)) {
    throw ApiError(ErrorCode::kBadRequest, "invalid tag name: " + util::header_safe(tag, 100));
  }
  if (message.size() > 10000) throw ApiError(ErrorCode::kBadRequest, "the message has at most 10000 characters");
  GitRepo git(config.git_path(repo.id));
  const std::string revision(req.param("rev"));
  auto commit = git.resolve(revision);
  if (!commit) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(revision, 200));
  const auto& who = *req.ctx.identity;
  git.create_tag(tag, *commit, message, who.user_name, author_email(who.user_name));
  db::transact(ctx.db, [&](pqxx::work& tx) { record_ref_updates(tx, repo, &who, {{ref, "", *commit}}); });
  return http::Response::json(200, "{}");
}

http::Response delete_tag(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kWrite);
  RepoRow repo = request_repo(ctx, req);
  const std::string ref = "refs/tags/" + std::string(req.param("tag"));
  if (!valid_ref_name(ref)) throw ApiError(ErrorCode::kBadRequest, "invalid tag name");
  GitRepo git(config.git_path(repo.id));
  auto old = git.resolve(ref);
  if (!old) throw ApiError(ErrorCode::kRevisionNotFound, "no such tag");
  git.update_ref(ref, *old, "");  // compares the commit it peels to, tag object or not
  db::transact(ctx.db, [&](pqxx::work& tx) { record_ref_updates(tx, repo, &*req.ctx.identity, {{ref, *old, ""}}); });
  return http::Response::json(200, "{}");
}

http::Response list_commits(service::Context& ctx, const ReposConfig& config, const http::CursorSealer& sealer,
                            http::Request& req) {
  RepoRow repo = request_repo(ctx, req);
  GitRepo git(config.git_path(repo.id));
  const std::string revision(req.param("rev"));
  auto commit = git.resolve(revision);
  if (!commit) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(revision, 200));
  const std::size_t page = http::page_limit(req, 50);
  const std::string list = "commits:" + repo.id + ":" + *commit;
  std::size_t skip = cursor_offset(sealer, list, req);
  if (auto p = req.query_param("p"); p && !req.query_param("cursor")) {
    auto n = util::parse_uint(*p);  // the Hub's 0-based page number, which PY's pagination may send
    if (!n || *n > 1000000) throw ApiError(ErrorCode::kBadRequest, "p is a page number");
    skip = *n * page;
  }
  const std::size_t total = git.count(*commit);
  auto commits = git.log(*commit, skip, page);
  json::Writer w;
  w.begin_array();
  for (const auto& c : commits) {
    w.begin_object().field("id", c.id).field("title", c.title).field("message", c.message);
    w.field("date", iso_time(c.time));
    w.key("authors").begin_array().begin_object().field("user", c.author_name).field("avatar", "").end_object();
    w.end_array().end_object();
  }
  w.end_array();
  http::Response r = http::Response::json(200, w.str());
  r.headers.set("X-Total-Count", std::to_string(total));
  if (skip + commits.size() < total) {
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

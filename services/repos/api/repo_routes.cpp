// The Hub's repo lifecycle and reads, as routes: create, delete, move, settings, info and lists.
// Each handler reads the request into a command, calls one use case (app/repo_lifecycle.hpp,
// app/repo_queries.hpp) and renders the answer.
#include <algorithm>

#include "common/domain/names.hpp"
#include "common/domain/repo_type.hpp"
#include "common/domain/yaml_metadata.hpp"
#include "common/http/paging.hpp"
#include "common/util/base64.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/repo_lifecycle.hpp"
#include "services/repos/app/repo_queries.hpp"
#include "services/repos/domain/default_files.hpp"

namespace hub::repos {
namespace {

// The body's "type" (model when absent); 400 for anything else.
domain::RepoType body_type(const json::Value& body) {
  const auto type = domain::parse_repo_type(json::get_optional_string(body, "type").or_throw().value_or("model"));
  if (!type) throw ApiError(ErrorCode::kBadRequest, "type is model, dataset or space");
  return *type;
}

std::string repo_url(const ReposConfig& config, const RepoRow& repo) {
  return config.public_url + "/" + web_prefix(repo.type) + repo.full_name();
}

// "private": true/false, or "visibility": public | private | protected; nullopt when neither.
std::optional<bool> requested_privacy(const json::Value& body) {
  if (auto v = json::get_optional_string(body, "visibility").or_throw()) {
    if (*v == "public") return false;
    if (*v == "private" || *v == "protected") return true;
    throw ApiError(ErrorCode::kBadRequest, "visibility is public, private or protected");
  }
  return json::get_optional_bool(body, "private").or_throw();
}

// Files a client put in the create request (JS createRepo's `files`), base64 content.
std::vector<Change> initial_files(const json::Value& body) {
  std::vector<Change> files = default_files();
  auto list = json::find(body, "files");
  if (list == nullptr) return files;
  if (!list->IsArray() || list->Size() > 100) throw ApiError(ErrorCode::kBadRequest, "files is a list of at most 100");
  for (const auto& f : list->GetArray()) {
    if (!f.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each file is {path, content}");
    Change c;
    c.path = std::string(json::get_string(f, "path").or_throw());
    check_file_path(c.path);
    auto decoded = util::base64_decode(json::get_string(f, "content").or_throw());
    if (!decoded) throw ApiError(ErrorCode::kBadRequest, "file content is not base64: " + c.path);
    c.content = std::move(*decoded);
    files.push_back(std::move(c));
  }
  return files;
}

http::Response create_repo(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  CreateRepo command;
  command.name = std::string(json::get_string(body, "name").or_throw());
  auto org = json::get_optional_string(body, "organization").or_throw();
  command.ns = org ? std::string(*org) : std::string();
  if (const auto slash = command.name.find('/'); slash != std::string::npos && command.ns.empty()) {
    command.ns = command.name.substr(0, slash);
    command.name = command.name.substr(slash + 1);
  }
  if (command.ns.empty()) command.ns = who.user_name;
  command.type = body_type(body);
  domain::check_namespace(command.ns).or_throw();
  domain::check_repo_name(command.name).or_throw();
  auto sdk = json::get_optional_string(body, "sdk").or_throw();
  if (sdk && (sdk->size() > 40 || !domain::check_repo_name(*sdk)))
    throw ApiError(ErrorCode::kBadRequest, "invalid sdk");
  if (sdk) command.sdk = std::string(*sdk);
  command.files = initial_files(body);
  command.is_private = requested_privacy(body);
  const RepoRow repo = repos::create_repo(ctx, config, who, command, req.ctx.request_id);
  json::Writer w;
  w.begin_object().field("url", repo_url(config, repo)).field("name", repo.full_name()).field("id", repo.id);
  w.end_object();
  return http::Response::json(200, w.str());
}

// The repo a body names ({name, organization, type} or "ns/name"), with the caller's role on it.
NamedRepo named_repo(service::Context& ctx, const ReposConfig& config, const http::Request& req,
                     const access::Identity& who, domain::RepoType type, std::string ns, std::string name) {
  if (ns.empty()) {
    const auto slash = name.find('/');
    if (slash == std::string::npos) {
      ns = who.user_name;
    } else {
      ns = name.substr(0, slash);
      name = name.substr(slash + 1);
    }
  }
  return find_named_repo(ctx, config, who, type, ns, name, req.ctx.request_id);
}

http::Response delete_repo(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  const domain::RepoType type = body_type(body);
  const NamedRepo target = named_repo(
      ctx, config, req, who, type, std::string(json::get_optional_string(body, "organization").or_throw().value_or("")),
      std::string(json::get_string(body, "name").or_throw()));
  repos::delete_repo(ctx, config, who, target, req.ctx.request_id);
  return http::Response::json(200, "{}");
}

http::Response move_repo(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  const std::string from(json::get_string(body, "fromRepo").or_throw());
  const std::string to(json::get_string(body, "toRepo").or_throw());
  const domain::RepoType type = body_type(body);
  const auto slash = to.find('/');
  if (slash == std::string::npos) throw ApiError(ErrorCode::kBadRequest, "toRepo is namespace/name");
  const std::string new_ns = to.substr(0, slash);
  const std::string new_name = to.substr(slash + 1);
  domain::check_namespace(new_ns).or_throw();
  domain::check_repo_name(new_name).or_throw();
  if (from.find('/') == std::string::npos) throw ApiError(ErrorCode::kBadRequest, "fromRepo is namespace/name");
  const NamedRepo target = named_repo(ctx, config, req, who, type, "", from);
  repos::move_repo(ctx, config, who, target, new_ns, new_name, req.ctx.request_id);
  return http::Response::json(200, "{}");
}

http::Response update_settings(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kAdmin);
  const access::Identity& who = require_user(req);
  RepoRow repo = request_repo(ctx, req);
  auto body = json_body(req);
  SettingsChange change;
  change.is_private = requested_privacy(body);
  if (const json::Value* g = json::find(body, "gated")) {
    if (g->IsBool() && !g->GetBool()) {
      change.gated = "false";
    } else if (g->IsString() &&
               (std::string_view(g->GetString()) == "auto" || std::string_view(g->GetString()) == "manual")) {
      change.gated = g->GetString();
    } else {
      throw ApiError(ErrorCode::kBadRequest, "gated is false, \"auto\" or \"manual\"");
    }
  }
  repo = repos::update_settings(ctx, config, who, std::move(repo), change, req.ctx.request_id);
  json::Writer w;
  w.begin_object().field("private", repo.is_private);
  if (repo.gated == "false") {
    w.field("gated", false);
  } else {
    w.field("gated", repo.gated);
  }
  w.end_object();
  return http::Response::json(200, w.str());
}

// The Hub's metadata check (PY calls it before committing a README.md): the content is the whole
// README or only its YAML; errors say what and where. The body is always JSON, even on errors.
http::Response validate_yaml(http::Request& req) {
  auto body = json_body(req);
  const std::string_view content = json::get_string(body, "content").or_throw();
  const auto yaml = domain::front_matter(content);
  json::Writer w;
  w.begin_object().key("errors").begin_array();
  if (yaml || !content.starts_with("---")) {
    const domain::YamlResult result = domain::yaml_metadata(yaml.value_or(content));
    for (const auto& e : result.errors)
      w.begin_object().field("message", e).end_object();
  } else {
    w.begin_object().field("message", "the metadata block that starts with --- is not closed").end_object();
  }
  w.end_array().key("warnings").begin_array().end_array().end_object();
  return http::Response::json(200, w.str());
}

// cardData from the README's metadata, and the fields the Hub lifts out of it.
void write_card(json::Writer& w, const CardSummary& card) {
  w.key("cardData").raw_value(*card.metadata);
  if (card.pipeline_tag) w.field("pipeline_tag", *card.pipeline_tag);
  if (card.library_name) w.field("library_name", *card.library_name);
}

void write_tags(json::Writer& w, const std::vector<std::string>& tags) {
  w.key("tags").begin_array();
  for (const auto& t : tags)
    w.value(t);
  w.end_array();
}

// The fields of a repo every answer has; `tags` (and a space's sdk) as the card on main says.
void write_summary(json::Writer& w, const RepoRow& repo) {
  w.field("_id", repo.id)
      .field("id", repo.full_name())
      .field("author", repo.ns)
      .field("private", repo.is_private)
      .field("disabled", false)
      .field("downloads", 0)
      .field("likes", 0)
      .field("createdAt", repo.created_at)
      .field("lastModified", repo.last_modified);
  if (repo.gated == "false") {
    w.field("gated", false);
  } else {
    w.field("gated", repo.gated);
  }
  if (!repo.head_sha.empty()) w.field("sha", repo.head_sha);
  if (repo.type == "space") w.field("sdk", repo.sdk);
}

http::Response repo_info(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  RepoRow repo = request_repo(ctx, req);
  const std::string revision = req.param("rev").empty() ? "HEAD" : std::string(req.param("rev"));
  // The file list walks the whole tree: only when the caller asked for it (`expand=siblings`) or
  // asked for nothing in particular, as the Python client's model_info does.
  auto expand = req.query_params("expand");
  for (auto& e : req.query_params("expand[]"))
    expand.push_back(std::move(e));
  const bool siblings = expand.empty() || std::find(expand.begin(), expand.end(), "siblings") != expand.end();
  const RepoInfo info = read_repo_info(config, std::move(repo), revision, siblings);
  json::Writer w;
  w.begin_object();
  RepoRow shown = info.repo;
  // At the revision asked for, the card read now says what the tags and a space's sdk are.
  if (info.card && info.card->facts.sdk) shown.sdk = *info.card->facts.sdk;
  write_summary(w, shown);  // its `sha` is the revision's commit (each key once)
  write_tags(w, info.card ? info.card->facts.tags : std::vector<std::string>{});
  if (info.card) write_card(w, *info.card);
  if (info.siblings) {
    w.key("siblings").begin_array();
    for (const TreeEntry& e : *info.siblings) {
      w.begin_object().field("rfilename", e.path).field("size", e.size).field("blobId", e.oid);
      if (e.lfs) {
        w.key("lfs").begin_object().field("size", e.lfs->size).field("sha256", e.lfs->oid);
        w.field("pointerSize", e.lfs->pointer_size).end_object();
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
  return http::Response::json(200, w.str());
}

http::Response list_repos_route(service::Context& ctx, const ReposConfig& config, const http::CursorSealer& sealer,
                                http::Request& req) {
  ListQuery q;
  q.type = type_from_plural(req.param("type"));
  q.search = req.query_param("search").value_or("");
  q.author = req.query_param("author").value_or("");
  const std::string sort = req.query_param("sort").value_or("lastModified");
  if (sort != "lastModified" && sort != "createdAt") {
    throw ApiError(ErrorCode::kBadRequest,
                   "sort is lastModified or createdAt; " + util::header_safe(sort, 40) + " is not supported yet");
  }
  q.sort = sort;
  // The filters the Hub's clients send: `filter` (repeated: every tag), `pipeline_tag`, `library`,
  // `language`. One this hub does not apply is refused, never ignored: an answer to another
  // question (every repo) would look like an answer to this one.
  for (auto& tag : req.query_params("filter")) {
    if (tag.empty() || tag.size() > 100)
      throw ApiError(ErrorCode::kBadRequest, "a filter is a tag of 1 to 100 characters");
    q.tags.push_back(std::move(tag));
  }
  if (q.tags.size() > 20) throw ApiError(ErrorCode::kBadRequest, "at most 20 filters");
  q.pipeline_tag = req.query_param("pipeline_tag").value_or("");
  q.library = req.query_param("library").value_or("");
  q.language = req.query_param("language").value_or("");
  if (q.pipeline_tag.size() > 100 || q.library.size() > 100 || q.language.size() > 100) {
    throw ApiError(ErrorCode::kBadRequest, "pipeline_tag, library and language have at most 100 characters");
  }
  if (req.query_param("tags")) throw ApiError(ErrorCode::kBadRequest, "tags is not supported; use filter");
  q.limit = http::page_limit(req, 100);
  if (q.search.size() > 200 || q.author.size() > 100) throw ApiError(ErrorCode::kBadRequest, "search too long");
  std::string list = "repos:" + q.type + ":" + q.sort + ":" + util::to_lower(q.search) + ":" +
                     util::to_lower(q.author) + ":" + q.pipeline_tag + ":" + q.library + ":" + q.language;
  for (const auto& tag : q.tags)
    list += ":" + tag;
  if (auto cursor = req.query_param("cursor")) {
    auto position = sealer.open(list, *cursor);
    if (!position) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
    const auto bar = position->find('|');
    if (bar == std::string::npos) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
    q.after_key = position->substr(0, bar);
    q.after_id = position->substr(bar + 1);
  }
  const RepoPage page =
      list_repos_page(ctx, config, q, req.ctx.identity ? &*req.ctx.identity : nullptr, req.ctx.request_id);
  const auto& rows = page.rows;
  const bool more = page.more;
  json::Writer w;
  w.begin_array();
  for (const auto& row : rows) {
    w.begin_object();
    write_summary(w, row);
    write_tags(w, row.tags);
    if (!row.pipeline_tag.empty()) w.field("pipeline_tag", row.pipeline_tag);
    if (!row.library_name.empty()) w.field("library_name", row.library_name);
    w.end_object();
  }
  w.end_array();
  http::Response r = http::Response::json(200, w.str());
  if (more) {
    const RepoRow& last = rows.back();
    r.headers.set("Link",
                  http::next_link(config.public_url, req, sealer.seal(list, sort_key(last, q.sort) + "|" + last.id)));
  }
  return r;
}

}  // namespace

void install_repo_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  auto sealer = std::make_shared<const http::CursorSealer>(ctx.settings.internal_secret);
  routes.add("POST", "/api/repos/create", [&ctx, config](http::Request& r) { return create_repo(ctx, config, r); },
             {.signed_in = true});
  routes.add("DELETE", "/api/repos/delete", [&ctx, config](http::Request& r) { return delete_repo(ctx, config, r); },
             {.signed_in = true});
  routes.add("POST", "/api/repos/move", [&ctx, config](http::Request& r) { return move_repo(ctx, config, r); },
             {.signed_in = true});
  routes.add("POST", "/api/validate-yaml", [](http::Request& r) { return validate_yaml(r); });
  routes.add("GET", "/api/{type:models|datasets|spaces}",
             [&ctx, config, sealer](http::Request& r) { return list_repos_route(ctx, config, *sealer, r); });
  routes.add("GET", "/api/{type:models|datasets|spaces}/{namespace}/{name}",
             [&ctx, config](http::Request& r) { return repo_info(ctx, config, r); });
  routes.add("GET", "/api/{type:models|datasets|spaces}/{namespace}/{name}/revision/{rev+}",
             [&ctx, config](http::Request& r) { return repo_info(ctx, config, r); });
  routes.add("PUT", "/api/{type:models|datasets|spaces}/{namespace}/{name}/settings",
             [&ctx, config](http::Request& r) { return update_settings(ctx, config, r); });
}

}  // namespace hub::repos

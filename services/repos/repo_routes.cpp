// The Hub's repo lifecycle: create, delete, move, settings, info and lists. The git data lives on
// disk by repo id; the row, the registry entry in auth and the event are written together: a failure
// of any one undoes the others.
#include <algorithm>
#include <filesystem>

#include "common/domain/repo_type.hpp"
#include "common/domain/names.hpp"
#include "common/db/transaction.hpp"
#include "common/http/paging.hpp"
#include "common/log/log.hpp"
#include "common/util/base64.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/repos/auth_calls.hpp"
#include "services/repos/card_reader.hpp"
#include "services/repos/default_files.hpp"
#include "services/repos/domain/model_card.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/repo_events.hpp"
#include "services/repos/repos_service.hpp"

namespace hub::repos {
namespace {

namespace fs = std::filesystem;

bool valid_type(std::string_view t) {
  return domain::parse_repo_type(t).has_value();
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

void remove_git_dir(const ReposConfig& config, const std::string& id) {
  std::error_code ec;
  fs::remove_all(config.git_path(id), ec);
  if (ec) log::warn("could not remove a repo's git data", {{"repo", id}, {"error", ec.message()}});
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
  std::string name(json::get_string(body, "name").or_throw());
  auto org = json::get_optional_string(body, "organization").or_throw();
  std::string ns = org ? std::string(*org) : std::string();
  if (const auto slash = name.find('/'); slash != std::string::npos && ns.empty()) {
    ns = name.substr(0, slash);
    name = name.substr(slash + 1);
  }
  if (ns.empty()) ns = who.user_name;
  const std::string type(json::get_optional_string(body, "type").or_throw().value_or("model"));
  if (!valid_type(type)) throw ApiError(ErrorCode::kBadRequest, "type is model, dataset or space");
  domain::check_namespace(ns).or_throw();
  domain::check_repo_name(name).or_throw();
  auto sdk = json::get_optional_string(body, "sdk").or_throw();
  if (sdk && (sdk->size() > 40 || !domain::check_repo_name(*sdk))) throw ApiError(ErrorCode::kBadRequest, "invalid sdk");
  auto files = initial_files(body);
  auto privacy = requested_privacy(body);

  const NamespaceAccess access = namespace_access(*config.auth, who, ns, req.ctx.request_id);
  if (!access.exists) throw ApiError(ErrorCode::kNotFound, "no user or organization named " + ns + " of yours");
  if (!access.may_create) throw ApiError(ErrorCode::kForbidden, access.reason);

  RepoRow repo;
  repo.id = util::uuid4();
  repo.type = type;
  repo.ns = ns;
  repo.name = name;
  repo.is_private = privacy.value_or(access.default_visibility == "private");
  repo.creator_id = who.user_id;
  repo.creator_name = who.user_name;
  if (type == "space") repo.sdk = std::string(sdk.value_or("static"));
  try {
    db::transact(ctx.db, [&](pqxx::work& tx) {
      if (find_repo(tx, type, ns, name)) {
        throw ApiError(ErrorCode::kConflict, "You already created this " + type + " repo: " + repo.full_name());
      }
      GitRepo::create(config.git_path(repo.id), files, who.user_name, author_email(who.user_name));
      GitRepo git(config.git_path(repo.id));
      repo.head_sha = git.resolve("main").value_or("");
      try {
        insert_repo(tx, repo);
      } catch (const pqxx::unique_violation&) {
        throw ApiError(ErrorCode::kConflict, "You already created this " + type + " repo: " + repo.full_name());
      }
      emit(tx, "repo.created", repo, &who, registry_fields(repo));
      // Last before the commit: auth knows the repo only if everything else worked. A commit that
      // fails after this leaves a registry entry without a repo, which reads as "not found".
      register_repo(*config.auth, repo, req.ctx.request_id);
    });
  } catch (...) {
    remove_git_dir(config, repo.id);
    throw;
  }
  log::info("repo created", {{"repo", repo.id}, {"name", repo.full_name()}, {"requestId", req.ctx.request_id}});
  json::Writer w;
  w.begin_object().field("url", repo_url(config, repo)).field("name", repo.full_name()).field("id", repo.id);
  w.end_object();
  return http::Response::json(200, w.str());
}

// The repo a body names ({name, organization, type} or "ns/name"), with the caller's role on it.
struct NamedRepo {
  RepoRow row;
  access::Role role = access::Role::kNone;
};

NamedRepo named_repo(service::Context& ctx, const ReposConfig& config, const http::Request& req,
                     const access::Identity& who, const std::string& type, std::string ns, std::string name) {
  if (ns.empty()) {
    const auto slash = name.find('/');
    if (slash == std::string::npos) {
      ns = who.user_name;
    } else {
      ns = name.substr(0, slash);
      name = name.substr(slash + 1);
    }
  }
  if (!valid_type(type)) throw ApiError(ErrorCode::kBadRequest, "type is model, dataset or space");
  const RepoDecision d = decide(*config.auth, who, type, ns, name, req.ctx.request_id);
  if (d.role == access::Role::kNone || d.repo_id.empty()) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  auto row = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_repo_by_id(tx, d.repo_id); });
  if (!row) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  return NamedRepo{*row, d.role};
}

http::Response delete_repo(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  NamedRepo target = named_repo(ctx, config, req, who,
                                std::string(json::get_optional_string(body, "type").or_throw().value_or("model")),
                                std::string(json::get_optional_string(body, "organization").or_throw().value_or("")),
                                std::string(json::get_string(body, "name").or_throw()));
  if (target.role < access::Role::kAdmin) {
    throw ApiError(ErrorCode::kForbidden, "deleting a repo needs the admin role on it");
  }
  db::transact(ctx.db, [&](pqxx::work& tx) {
    delete_repo_row(tx, target.row.id);
    emit(tx, "repo.deleted", target.row, &who,
         R"("audit":{"action":"repo.delete","target":)" + json::quote(target.row.full_name()) + "}");
    unregister_repo(*config.auth, target.row.id, req.ctx.request_id);
  });
  // The git data goes once nothing points at it any more; LFS objects wait for collection.
  remove_git_dir(config, target.row.id);
  log::info("repo deleted", {{"repo", target.row.id}, {"requestId", req.ctx.request_id}});
  return http::Response::json(200, "{}");
}

http::Response move_repo(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  const std::string from(json::get_string(body, "fromRepo").or_throw());
  const std::string to(json::get_string(body, "toRepo").or_throw());
  const std::string type(json::get_optional_string(body, "type").or_throw().value_or("model"));
  const auto slash = to.find('/');
  if (slash == std::string::npos) throw ApiError(ErrorCode::kBadRequest, "toRepo is namespace/name");
  const std::string new_ns = to.substr(0, slash);
  const std::string new_name = to.substr(slash + 1);
  domain::check_namespace(new_ns).or_throw();
  domain::check_repo_name(new_name).or_throw();
  if (from.find('/') == std::string::npos) throw ApiError(ErrorCode::kBadRequest, "fromRepo is namespace/name");
  NamedRepo target = named_repo(ctx, config, req, who, type, "", from);
  if (target.role < access::Role::kAdmin) {
    throw ApiError(ErrorCode::kForbidden, "moving a repo needs the admin role on it");
  }
  if (!util::iequals(new_ns, target.row.ns)) {
    const NamespaceAccess access = namespace_access(*config.auth, who, new_ns, req.ctx.request_id);
    if (!access.exists) throw ApiError(ErrorCode::kNotFound, "no user or organization named " + new_ns + " of yours");
    if (!access.may_create) throw ApiError(ErrorCode::kForbidden, access.reason);
  }
  RepoRow moved = target.row;
  moved.ns = new_ns;
  moved.name = new_name;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    try {
      tx.exec_params("UPDATE repos.repos SET namespace = $2, name = $3, last_modified = now() WHERE id = $1::uuid",
                     moved.id, new_ns, new_name);
    } catch (const pqxx::unique_violation&) {
      throw ApiError(ErrorCode::kConflict, "a repo named " + to + " already exists");
    }
    // The old path keeps answering: auth remembers it when the registry learns the move, and
    // decides it about this repo, which redirects (repos_common.cpp).
    emit(tx, "repo.moved", moved, &who,
         registry_fields(moved) + R"(,"movedFrom":)" + json::quote(target.row.full_name()) +
             R"(,"audit":{"action":"repo.move","target":)" + json::quote(target.row.full_name()) + "}");
    register_repo(*config.auth, moved, req.ctx.request_id);
  });
  return http::Response::json(200, "{}");
}

http::Response update_settings(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  require_role(req, access::Role::kAdmin);
  const access::Identity& who = require_user(req);
  RepoRow repo = request_repo(ctx, req);
  auto body = json_body(req);
  auto privacy = requested_privacy(body);
  std::optional<std::string> gated;
  if (const json::Value* g = json::find(body, "gated")) {
    if (g->IsBool() && !g->GetBool()) {
      gated = "false";
    } else if (g->IsString() &&
               (std::string_view(g->GetString()) == "auto" || std::string_view(g->GetString()) == "manual")) {
      gated = g->GetString();
    } else {
      throw ApiError(ErrorCode::kBadRequest, "gated is false, \"auto\" or \"manual\"");
    }
  }
  const bool visibility_changed = privacy && *privacy != repo.is_private;
  const bool gate_changed = gated && *gated != repo.gated;
  if (privacy) repo.is_private = *privacy;
  if (gated) repo.gated = *gated;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    tx.exec_params("UPDATE repos.repos SET private = $2, gated = $3 WHERE id = $1::uuid", repo.id, repo.is_private,
                   repo.gated);
    std::string fields = registry_fields(repo);
    if (visibility_changed) {
      fields += R"(,"audit":{"action":"repo.visibility.update","details":{"private":)" +
                std::string(repo.is_private ? "true" : "false") + "}}";
    }
    emit(tx, "repo.updated", repo, &who, fields);
    // The gate as the Hub writes it: false, "auto" or "manual".
    const std::string gate = repo.gated == "false" ? "false" : json::quote(repo.gated);
    std::string config_fields = R"("updatedConfig":{"private":)" + std::string(repo.is_private ? "true" : "false") +
                                R"(,"gated":)" + gate + "}";
    if (gate_changed) {
      config_fields += R"(,"audit":{"action":"repo.gating.update","details":{"gated":)" + gate + "}}";
    }
    emit(tx, "repo.config", repo, &who, config_fields);
    if (visibility_changed) register_repo(*config.auth, repo, req.ctx.request_id);
  });
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
  const auto yaml = front_matter(content);
  json::Writer w;
  w.begin_object().key("errors").begin_array();
  if (yaml || !content.starts_with("---")) {
    const YamlResult result = yaml_metadata(yaml.value_or(content));
    for (const auto& e : result.errors)
      w.begin_object().field("message", e).end_object();
  } else {
    w.begin_object().field("message", "the metadata block that starts with --- is not closed").end_object();
  }
  w.end_array().key("warnings").begin_array().end_array().end_object();
  return http::Response::json(200, w.str());
}

// cardData from the README's metadata, and the fields the Hub lifts out of it.
void write_card(json::Writer& w, GitRepo& git, const std::string& commit) {
  json::Document doc;
  if (!read_card(git, commit, doc)) return;
  w.key("cardData").raw_value(doc);
  for (const char* key : {"pipeline_tag", "library_name"}) {
    auto v = json::get_optional_string(doc, key);
    if (v && *v) w.field(key, **v);
  }
}

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
  w.key("tags").begin_array().end_array();
}

http::Response repo_info(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  RepoRow repo = request_repo(ctx, req);
  GitRepo git(config.git_path(repo.id));
  const std::string revision = req.param("rev").empty() ? "HEAD" : std::string(req.param("rev"));
  auto commit = git.resolve(revision);
  if (!commit) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + revision);
  repo.head_sha = *commit;  // the summary's `sha` is the revision's commit (each key once)
  json::Writer w;
  w.begin_object();
  write_summary(w, repo);
  write_card(w, git, *commit);
  // The file list walks the whole tree: only when the caller asked for it (`expand=siblings`) or
  // asked for nothing in particular, as the Python client's model_info does.
  auto expand = req.query_params("expand");
  for (auto& e : req.query_params("expand[]"))
    expand.push_back(std::move(e));
  const bool siblings = expand.empty() || std::find(expand.begin(), expand.end(), "siblings") != expand.end();
  if (!siblings) {
    w.end_object();
    return http::Response::json(200, w.str());
  }
  w.key("siblings").begin_array();
  git.list(*commit, "", true, [&](const TreeEntry& e) {
    if (e.directory) return;
    w.begin_object().field("rfilename", e.path).field("size", e.size).field("blobId", e.oid);
    if (e.lfs) {
      w.key("lfs").begin_object().field("size", e.lfs->size).field("sha256", e.lfs->oid);
      w.field("pointerSize", e.lfs->pointer_size).end_object();
    }
    w.end_object();
  });
  w.end_array();
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
  // Filters this hub does not apply yet are refused, never ignored: an answer to another question
  // (every repo) would look like an answer to this one.
  for (const char* unsupported : {"filter", "pipeline_tag", "library", "language", "tags"}) {
    if (req.query_param(unsupported)) {
      throw ApiError(ErrorCode::kBadRequest, std::string(unsupported) + " is not supported yet");
    }
  }
  q.limit = http::page_limit(req, 100);
  if (q.search.size() > 200 || q.author.size() > 100) throw ApiError(ErrorCode::kBadRequest, "search too long");
  const std::string list =
      "repos:" + q.type + ":" + q.sort + ":" + util::to_lower(q.search) + ":" + util::to_lower(q.author);
  if (auto cursor = req.query_param("cursor")) {
    auto position = sealer.open(list, *cursor);
    if (!position) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
    const auto bar = position->find('|');
    if (bar == std::string::npos) throw ApiError(ErrorCode::kBadRequest, "invalid cursor");
    q.after_key = position->substr(0, bar);
    q.after_id = position->substr(bar + 1);
  }
  if (req.ctx.identity && !req.ctx.identity->anonymous()) {
    q.private_ids = readable_private_repos(*config.auth, *req.ctx.identity, req.ctx.request_id);
  }
  const std::size_t page = q.limit;
  q.limit = page + 1;  // one more tells whether there is a next page
  auto rows = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return list_repos(tx, q); });
  const bool more = rows.size() > page;
  if (more) rows.resize(page);
  json::Writer w;
  w.begin_array();
  for (const auto& row : rows) {
    w.begin_object();
    write_summary(w, row);
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
  routes.add("POST", "/api/repos/create", [&ctx, config](http::Request& r) { return create_repo(ctx, config, r); });
  routes.add("DELETE", "/api/repos/delete", [&ctx, config](http::Request& r) { return delete_repo(ctx, config, r); });
  routes.add("POST", "/api/repos/move", [&ctx, config](http::Request& r) { return move_repo(ctx, config, r); });
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

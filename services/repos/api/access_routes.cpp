// Gated repos (the Hub's `user-access-request` API, as huggingface_hub calls it): a reader asks for
// access, answering the fields the card lists in `extra_gated_fields`; with `gated: auto` the
// request is accepted at once, with `manual` it waits. The repo's writers list the pending,
// accepted and rejected requests, accept, reject or send one back to pending (`handle`), and grant
// access to a user who never asked. Every change is an event (repo.access_request), which auth
// writes to the audit log. The gate itself is checked where files are served (require_gate).
#include "common/db/transaction.hpp"
#include "common/http/error_response.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/auth_client.hpp"
#include "services/repos/app/card_reader.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/access_store.hpp"

namespace hub::repos {
namespace {

constexpr std::size_t kMaxFields = 64 * 1024;  // what a requester's answers may take

GateMode gate_of(const RepoRow& repo) {
  const auto mode = parse_gate_mode(repo.gated).value_or(GateMode::kOff);
  if (mode == GateMode::kOff) throw ApiError(ErrorCode::kBadRequest, "this repo is not gated");
  return mode;
}

// The event and audit entry of one change to a user's access.
void record(pqxx::work& tx, const RepoRow& repo, const access::Identity& actor, std::string_view action,
            const UserRef& user, AccessStatus status) {
  json::Writer w;
  w.begin_object();
  w.field("user", user.name).field("userId", user.id).field("status", access_status_name(status));
  w.key("audit").begin_object().field("action", action).field("target", repo.full_name());
  w.key("details").begin_object().field("user", user.name).field("status", access_status_name(status)).end_object();
  w.end_object().end_object();
  std::string data = w.str();
  emit(tx, "repo.access_request", repo, &actor, std::string_view(data).substr(1, data.size() - 2));
}

UserRef named_user(const ReposConfig& config, const json::Value& body, const http::Request& req) {
  const std::string name(json::get_string(body, "user").or_throw());
  auto user = lookup_user(*config.auth, name, true, req.ctx.request_id);
  if (!user) throw ApiError(ErrorCode::kNotFound, "no user named " + util::header_safe(name, 100));
  return *user;
}

// POST …/user-access-request {fields?}: the caller asks.
http::Response ask(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  RepoRow repo = request_repo(ctx, req);
  const GateMode mode = gate_of(repo);
  json::Document body;
  if (!util::trim(req.body).empty()) body = json_body(req);
  const json::Value* fields = body.IsObject() ? json::find(body, "fields") : nullptr;
  if (fields != nullptr && !fields->IsObject()) throw ApiError(ErrorCode::kBadRequest, "fields is an object");
  {
    GitRepo git(config.git_path(repo.id));
    if (auto main = git.resolve("main")) {
      if (json::Document card; read_card(git, *main, card)) {
        if (auto missing = missing_field(requested_fields(card), fields)) {
          throw ApiError(ErrorCode::kBadRequest, "the repo's owners ask for '" + *missing + "'");
        }
      }
    }
  }
  std::string fields_json = "{}";
  if (fields != nullptr) {
    json::Writer w;
    w.raw_value(*fields);
    fields_json = w.str();
    if (fields_json.size() > kMaxFields) throw ApiError(ErrorCode::kBadRequest, "the fields take 64 KiB at most");
  }
  // Asked before the transaction: no peer call while it is open.
  auto me = lookup_user(*config.auth, who.user_id, false, req.ctx.request_id);
  if (!me) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  const AccessStatus status = db::transact(ctx.db, [&](pqxx::work& tx) {
    const auto existing = lock_access(tx, repo.id, me->id);
    const AccessStatus next = status_after_request(mode, existing);
    if (existing == next) return next;  // asking again changes nothing
    put_access(tx, repo.id, me->id, me->name, me->fullname, next, fields_json, std::nullopt, std::nullopt);
    record(tx, repo, who,
           next == AccessStatus::kAccepted ? "repo.access_request.auto_accept" : "repo.access_request.create", *me,
           next);
    return next;
  });
  json::Writer w;
  w.begin_object().field("status", access_status_name(status)).end_object();
  return http::Response::json(200, w.str());
}

// POST …/user-access-request/cancel: the caller withdraws a pending request.
http::Response cancel(service::Context& ctx, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  RepoRow repo = request_repo(ctx, req);
  gate_of(repo);
  const bool removed = db::transact(ctx.db, [&](pqxx::work& tx) {
    if (lock_access(tx, repo.id, who.user_id) != AccessStatus::kPending) return false;
    remove_access(tx, repo.id, who.user_id);
    record(tx, repo, who, "repo.access_request.cancel", UserRef{who.user_id, who.user_name, ""},
           AccessStatus::kPending);
    return true;
  });
  if (!removed) throw ApiError(ErrorCode::kNotFound, "No pending access request found for this repo and this user");
  return http::Response::json(200, R"({"ok":true})");
}

// GET …/user-access-request/{pending|accepted|rejected}: the repo's writers list requests.
http::Response list(service::Context& ctx, http::Request& req) {
  require_role(req, access::Role::kWrite);
  RepoRow repo = request_repo(ctx, req);
  gate_of(repo);
  const auto status = parse_access_status(req.param("status"));
  if (!status) throw ApiError(ErrorCode::kBadRequest, "the status is pending, accepted or rejected");
  auto rows = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return list_access(tx, repo.id, *status); });
  json::Writer w;
  w.begin_array();
  for (const auto& r : rows) {
    w.begin_object().key("user").begin_object();
    w.field("_id", r.user_id).field("user", r.user_name).field("fullname", r.user_fullname).field("type", "user");
    w.end_object().field("status", access_status_name(r.status)).field("timestamp", r.updated_at);
    auto fields = json::parse_object(r.fields_json);
    w.key("fields");
    if (fields) {
      w.raw_value(fields.value());
    } else {
      w.begin_object().end_object();
    }
    w.end_object();
  }
  w.end_array();
  return http::Response::json(200, w.str());
}

// What an owner's decision starts from: a writer of a gated repo, and the request's body.
struct OwnersCall {
  const access::Identity& who;
  RepoRow repo;
  json::Document body;
};

OwnersCall owners_call(service::Context& ctx, http::Request& req) {
  require_role(req, access::Role::kWrite);
  RepoRow repo = request_repo(ctx, req);
  gate_of(repo);
  return OwnersCall{*req.ctx.identity, std::move(repo), json_body(req)};
}

// POST …/user-access-request/handle {user, status, rejectionReason?}: accept, reject, or send back
// to pending a request the user made.
http::Response handle(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  OwnersCall call = owners_call(ctx, req);
  const access::Identity& who = call.who;
  const RepoRow& repo = call.repo;
  const json::Document& body = call.body;
  const auto status = parse_access_status(json::get_string(body, "status").or_throw());
  if (!status) throw ApiError(ErrorCode::kBadRequest, "status is pending, accepted or rejected");
  std::optional<std::string> reason;
  if (auto r = json::get_optional_string(body, "rejectionReason").or_throw()) {
    if (r->size() > 200) throw ApiError(ErrorCode::kBadRequest, "the rejection reason is 200 characters at most");
    if (*status == AccessStatus::kRejected) reason = std::string(*r);
  }
  const UserRef user = named_user(config, body, req);
  const bool found = db::transact(ctx.db, [&](pqxx::work& tx) {
    auto existing = lock_access(tx, repo.id, user.id);
    if (!existing) return false;
    if (*existing == *status) return true;
    decide_access(tx, repo.id, user.id, user.name, user.fullname, *status, who.user_name, reason);
    record(tx, repo, who, std::string("repo.access_request.") + std::string(access_status_name(*status)), user,
           *status);
    return true;
  });
  if (!found) throw ApiError(ErrorCode::kNotFound, "no access request from " + user.name + " for this repo");
  return http::Response::json(200, "{}");
}

// POST …/user-access-request/grant {user}: let in a user who never asked.
http::Response grant(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  OwnersCall call = owners_call(ctx, req);
  const access::Identity& who = call.who;
  const RepoRow& repo = call.repo;
  const json::Document& body = call.body;
  const UserRef user = named_user(config, body, req);
  const bool granted = db::transact(ctx.db, [&](pqxx::work& tx) {
    if (lock_access(tx, repo.id, user.id) == AccessStatus::kAccepted) return false;
    put_access(tx, repo.id, user.id, user.name, user.fullname, AccessStatus::kAccepted, "{}", who.user_name,
               std::nullopt);
    record(tx, repo, who, "repo.access_request.grant", user, AccessStatus::kAccepted);
    return true;
  });
  if (!granted) throw ApiError(ErrorCode::kBadRequest, user.name + " already has access to this repo");
  return http::Response::json(200, "{}");
}

}  // namespace

void require_gate(service::Context& ctx, const ReposConfig& config, const http::Request& req, const RepoRow& repo,
                  std::string_view path) {
  if (parse_gate_mode(repo.gated).value_or(GateMode::kOff) == GateMode::kOff) return;
  if (!path.empty() && open_in_gated_repo(path)) return;
  const access::Identity* who = req.ctx.identity ? &*req.ctx.identity : nullptr;
  if (who != nullptr && passes_gate_by_role(who->role, repo.is_private)) return;
  const std::string where = config.public_url + "/" + web_prefix(repo.type) + repo.full_name();
  if (who == nullptr || who->anonymous()) {
    http::Response r = http::error_response(ErrorCode::kGatedRepo,
                                            "Access to " + repo.type + " " + repo.full_name() +
                                                " is restricted. You must have access to it and be "
                                                "authenticated to access it. Please log in.",
                                            req.ctx.request_id);
    r.status = 401;  // without credentials: the Hub's 401 GatedRepo, which asks for them
    http::add_auth_challenge(r);
    throw http::ResponseException(std::move(r));
  }
  const auto status =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return access_status(tx, repo.id, who->user_id); });
  if (status == AccessStatus::kAccepted) return;
  throw ApiError(ErrorCode::kGatedRepo, "Access to " + repo.type + " " + repo.full_name() +
                                            " is restricted and you are not in the authorized list. Visit " + where +
                                            " to ask for access.");
}

void install_access_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  const std::string api = "/api/{type:models|datasets|spaces}/{namespace}/{name}/user-access-request";
  routes.add("POST", api, [&ctx, config](http::Request& r) { return ask(ctx, config, r); });
  routes.add("POST", api + "/cancel", [&ctx](http::Request& r) { return cancel(ctx, r); });
  routes.add("POST", api + "/handle", [&ctx, config](http::Request& r) { return handle(ctx, config, r); });
  routes.add("POST", api + "/grant", [&ctx, config](http::Request& r) { return grant(ctx, config, r); });
  routes.add("GET", api + "/{status}", [&ctx](http::Request& r) { return list(ctx, r); });
}

}  // namespace hub::repos

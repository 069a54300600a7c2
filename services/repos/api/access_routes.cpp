// Gated repos (the Hub's `user-access-request` API, as huggingface_hub calls it): a reader asks for
// access, answering the fields the card lists in `extra_gated_fields`; with `gated: auto` the
// request is accepted at once, with `manual` it waits. The repo's writers list the pending,
// accepted and rejected requests, accept, reject or send one back to pending (`handle`), and grant
// access to a user who never asked. Every change is an event (repo.access_request), which auth
// writes to the audit log. The gate itself is checked where files are served (require_gate).
#include "common/http/error_response.hpp"
#include "common/util/strings.hpp"
#include "services/repos/api/routes.hpp"
#include "services/repos/app/access_requests.hpp"

namespace hub::repos {
namespace {

// POST …/user-access-request {fields?}: the caller asks.
http::Response ask(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const RepoRow repo = request_repo(ctx, req);
  gate_of(repo);
  json::Document body;
  if (!util::trim(req.body).empty()) body = json_body(req);
  const json::Value* fields = body.IsObject() ? json::find(body, "fields") : nullptr;
  if (fields != nullptr && !fields->IsObject()) throw ApiError(ErrorCode::kBadRequest, "fields is an object");
  const AccessStatus status = request_access(ctx, config, repo, who, fields, req.ctx.request_id);
  json::Writer w;
  w.begin_object().field("status", access_status_name(status)).end_object();
  return http::Response::json(200, w.str());
}

// POST …/user-access-request/cancel: the caller withdraws a pending request.
http::Response cancel(service::Context& ctx, http::Request& req) {
  const access::Identity& who = http::require_user(req);
  const RepoRow repo = request_repo(ctx, req);
  cancel_access_request(ctx, repo, who);
  return http::Response::json(200, R"({"ok":true})");
}

// GET …/user-access-request/{pending|accepted|rejected}: the repo's writers list requests.
http::Response list(service::Context& ctx, http::Request& req) {
  require_role(req, access::Role::kWrite);
  const RepoRow repo = request_repo(ctx, req);
  gate_of(repo);
  const auto status = parse_access_status(req.param("status"));
  if (!status) throw ApiError(ErrorCode::kBadRequest, "the status is pending, accepted or rejected");
  json::Writer w;
  w.begin_array();
  for (const auto& r : access_requests(ctx, repo, *status)) {
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
  const json::Document& body = call.body;
  const auto status = parse_access_status(json::get_string(body, "status").or_throw());
  if (!status) throw ApiError(ErrorCode::kBadRequest, "status is pending, accepted or rejected");
  std::optional<std::string> reason;
  if (auto r = json::get_optional_string(body, "rejectionReason").or_throw()) {
    if (r->size() > 200) throw ApiError(ErrorCode::kBadRequest, "the rejection reason is 200 characters at most");
    if (*status == AccessStatus::kRejected) reason = std::string(*r);
  }
  const std::string user(json::get_string(body, "user").or_throw());
  decide_access_request(ctx, config, call.repo, call.who, user, *status, reason, req.ctx.request_id);
  return http::Response::json(200, "{}");
}

// POST …/user-access-request/grant {user}: let in a user who never asked.
http::Response grant(service::Context& ctx, const ReposConfig& config, http::Request& req) {
  OwnersCall call = owners_call(ctx, req);
  const std::string user(json::get_string(call.body, "user").or_throw());
  grant_access(ctx, config, call.repo, call.who, user, req.ctx.request_id);
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
  if (access_of(ctx, repo.id, who->user_id) == AccessStatus::kAccepted) return;
  throw ApiError(ErrorCode::kGatedRepo, "Access to " + repo.type + " " + repo.full_name() +
                                            " is restricted and you are not in the authorized list. Visit " + where +
                                            " to ask for access.");
}

void install_access_routes(service::Context& ctx, http::RouteDispatcher& routes, const ReposConfig& config) {
  const std::string api = "/api/{type:models|datasets|spaces}/{namespace}/{name}/user-access-request";
  routes.add("POST", api, [&ctx, config](http::Request& r) { return ask(ctx, config, r); }, {.signed_in = true});
  routes.add("POST", api + "/cancel", [&ctx](http::Request& r) { return cancel(ctx, r); }, {.signed_in = true});
  routes.add("POST", api + "/handle", [&ctx, config](http::Request& r) { return handle(ctx, config, r); });
  routes.add("POST", api + "/grant", [&ctx, config](http::Request& r) { return grant(ctx, config, r); });
  routes.add("GET", api + "/{status}", [&ctx](http::Request& r) { return list(ctx, r); });
}

}  // namespace hub::repos

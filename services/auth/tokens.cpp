// Access tokens: list, create (the secret is in the answer once and never again), revoke; and the
// Hub's leaked-credential report, which revokes whatever live token the presented secrets are.
#include "common/db/transaction.hpp"
#include "common/domain/repo_type.hpp"
#include "common/log/log.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/audit.hpp"
#include "services/auth/auth_service.hpp"
#include "services/auth/directory.hpp"
#include "services/auth/secrets.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kPermissions[] = {"repo.content.read", "repo.write", "discussion.write",
                                             "org.read",          "org.write",  "webhooks.write"};

template <std::size_t N>
bool one_of(std::string_view v, const std::string_view (&set)[N]) {
  for (auto s : set) {
    if (v == s) return true;
  }
  return false;
}

// Validates `scoped` and writes it back in a canonical form.
std::string checked_scopes(const json::Value* scoped) {
  json::Writer w;
  w.begin_array();
  if (scoped != nullptr) {
    if (!scoped->IsArray()) throw ApiError(ErrorCode::kBadRequest, "scoped must be an array");
    if (scoped->Size() > 100) throw ApiError(ErrorCode::kBadRequest, "scoped has at most 100 entries");
    for (const auto& entry : scoped->GetArray()) {
      if (!entry.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each scoped entry is an object");
      const json::Value* entity = json::get_object(entry, "entity").or_throw();
      const std::string_view type = json::get_string(*entity, "type").or_throw();
      const std::string_view name = json::get_string(*entity, "name").or_throw();
      if (type != "org" && !domain::parse_repo_type(type)) {
        throw ApiError(ErrorCode::kBadRequest, "entity.type is one of org, model, dataset, space");
      }
      if (name.empty() || name.size() > 200) throw ApiError(ErrorCode::kBadRequest, "entity.name is required");
      const json::Value* perms = json::get_array(entry, "permissions").or_throw();
      w.begin_object().key("entity").begin_object().field("type", type).field("name", name).end_object();
      w.key("permissions").begin_array();
      for (const auto& p : perms->GetArray()) {
        if (!p.IsString() || !one_of(std::string_view(p.GetString(), p.GetStringLength()), kPermissions)) {
          throw ApiError(ErrorCode::kBadRequest,
                         "permissions are among repo.content.read, repo.write, discussion.write, org.read, "
                         "org.write, webhooks.write");
        }
        w.value(std::string_view(p.GetString(), p.GetStringLength()));
      }
      w.end_array().end_object();
    }
  }
  w.end_array();
  return w.str();
}

// Only a login session or a write token may mint and revoke tokens: a read or fine-grained token
// must not be able to widen itself.
void require_token_manager(pqxx::work& tx, const access::Identity& who) {
  if (!token_reach(tx, who).writes()) {
    throw ApiError(ErrorCode::kForbidden, "managing tokens needs a login session or a write token");
  }
}

void write_token(json::Writer& w, const pqxx::row& row) {
  w.begin_object()
      .field("id", row["id"].as<std::string>())
      .field("displayName", row["display_name"].as<std::string>())
      .field("role", row["role"].as<std::string>());
  w.key("scoped");
  auto scoped = json::parse(row["scoped"].as<std::string>());
  w.raw_value(scoped.value());
  w.field("createdAt", row["created_at"].as<std::string>());
  w.key("expiresAt");
  if (row["expires_at"].is_null()) {
    w.null();
  } else {
    w.value(row["expires_at"].as<std::string>());
  }
  w.end_object();
}

const std::string kTokenColumns =
    "id, display_name, role, scoped::text AS scoped, to_char(created_at AT TIME ZONE 'UTC', '" + std::string(kRfc3339) +
    "') AS created_at, to_char(expires_at AT TIME ZONE 'UTC', '" + std::string(kRfc3339) + "') AS expires_at";

http::Response list_tokens(service::Context& ctx, http::Request& req) {
  const access::Identity& who = require_user(req);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    auto rows = tx.exec_params("SELECT " + kTokenColumns +
                                   " FROM auth.tokens WHERE user_id = $1 AND kind = 'access' AND revoked_at IS NULL "
                                   "AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at, id",
                               who.user_id);
    json::Writer w;
    w.begin_array();
    for (const auto& row : rows)
      write_token(w, row);
    w.end_array();
    return http::Response::json(200, w.str());
  });
}

http::Response create_token(service::Context& ctx, http::Request& req) {
  const access::Identity& who = require_user(req);
  auto body = json_body(req);
  const std::string display_name(json::get_string(body, "displayName").or_throw());
  if (display_name.empty() || display_name.size() > 100) {
    throw ApiError(ErrorCode::kBadRequest, "displayName has 1 to 100 characters");
  }
  const std::string role(json::get_string(body, "role").or_throw());
  if (role != "read" && role != "write" && role != "fineGrained") {
    throw ApiError(ErrorCode::kBadRequest, "role is read, write or fineGrained");
  }
  const std::string scoped = checked_scopes(json::find(body, "scoped"));
  if (role == "fineGrained" && scoped == "[]") {
    throw ApiError(ErrorCode::kBadRequest, "a fineGrained token needs at least one scoped entry");
  }
  if (role != "fineGrained" && scoped != "[]") {
    throw ApiError(ErrorCode::kBadRequest, "only a fineGrained token takes scoped permissions");
  }
  std::optional<std::int64_t> expires;
  if (auto text = json::get_optional_string(body, "expiresAt").or_throw()) {
    expires = parse_rfc3339(*text);
    if (!expires) throw ApiError(ErrorCode::kBadRequest, "expiresAt is an RFC 3339 UTC time");
    if (*expires <= access::unix_now()) throw ApiError(ErrorCode::kBadRequest, "expiresAt is in the past");
  }
  auto [issued, row_json] = db::transact(ctx.db, [&](pqxx::work& tx) {
    require_token_manager(tx, who);
    IssuedToken t = issue_token(tx, who.user_id, "access", display_name, role, scoped, expires);
    AuditEntry entry = audit_from(req, "token.create", t.id);
    json::Writer d;
    d.begin_object().field("displayName", display_name).field("role", role).end_object();
    entry.details_json = d.str();
    audit(tx, entry);
    auto rows = tx.exec_params("SELECT " + kTokenColumns + " FROM auth.tokens WHERE id = $1", t.id);
    json::Writer w;
    write_token(w, rows[0]);
    return std::make_pair(t, w.str());
  });
  log::info("token created", {{"user", who.user_id}, {"token", issued.id}, {"requestId", req.ctx.request_id}});
  // The stored fields plus, this once, the secret.
  auto doc = json::parse_object(row_json).or_throw(ErrorCode::kInternal);
  json::Writer w;
  w.begin_object();
  for (const auto& m : doc.GetObject()) {
    w.key(std::string_view(m.name.GetString(), m.name.GetStringLength())).raw_value(m.value);
  }
  w.field("token", issued.secret).end_object();
  return http::Response::json(201, w.str());
}

http::Response delete_token(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  const access::Identity& who = require_user(req);
  const std::string id(req.param("id"));
  if (!util::is_uuid(id)) throw ApiError(ErrorCode::kNotFound, "no such token");
  db::transact(ctx.db, [&](pqxx::work& tx) {
    require_token_manager(tx, who);
    auto r = tx.exec_params(
        "UPDATE auth.tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL "
        "RETURNING id",
        id, who.user_id);
    if (r.empty()) throw ApiError(ErrorCode::kNotFound, "no such token");
    audit(tx, audit_from(req, "token.revoke", id));
  });
  log::info("token revoked", {{"user", who.user_id}, {"token", id}, {"requestId", req.ctx.request_id}});
  config.invalidator->user_changed(who.user_id);
  return http::Response::empty(204);
}

http::Response revoke_credentials(service::Context& ctx, const AuthConfig& config, http::Request& req) {
  auto body = json_body(req);
  const json::Value* list = json::get_array(body, "credentials").or_throw();
  if (list->Size() > 100) throw ApiError(ErrorCode::kBadRequest, "at most 100 credentials at once");
  std::vector<std::string> digests;
  for (const auto& c : list->GetArray()) {
    if (!c.IsString()) throw ApiError(ErrorCode::kBadRequest, "credentials are strings");
    std::string_view secret(c.GetString(), c.GetStringLength());
    if (plausible_secret(secret)) digests.push_back(secret_digest(secret));
  }
  const auto owners = db::transact(ctx.db, [&](pqxx::work& tx) {
    std::vector<std::string> users;
    for (const auto& d : digests) {
      auto r = tx.exec_params(
          "UPDATE auth.tokens SET revoked_at = now() WHERE secret_sha256 = $1 AND revoked_at IS NULL "
          "RETURNING user_id",
          pqxx::binarystring(d));
      for (const auto& row : r)
        users.push_back(row[0].as<std::string>());
    }
    return users;
  });
  for (const auto& user : owners)
    config.invalidator->user_changed(user);
  // Always 202, as the Hub: the answer says nothing about which secrets were real.
  return http::Response::json(202, R"({"success":true})");
}

}  // namespace

void install_tokens(service::Context& ctx, http::RouteDispatcher& routes, const AuthConfig& config) {
  routes.add("GET", "/api/settings/tokens", [&ctx](http::Request& r) { return list_tokens(ctx, r); });
  routes.add("POST", "/api/settings/tokens", [&ctx](http::Request& r) { return create_token(ctx, r); });
  routes.add("DELETE", "/api/settings/tokens/{id}",
             [&ctx, config](http::Request& r) { return delete_token(ctx, config, r); });
  routes.add("POST", "/api/credentials/revoke",
             [&ctx, config](http::Request& r) { return revoke_credentials(ctx, config, r); });
}

}  // namespace hub::auth

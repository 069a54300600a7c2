// POST /internal/introspect: the gateway's one question per request it has not cached. Body:
//   {"token"?: "hf_…", "scope"?: {"type"?: "model|dataset|space", "owner": ns, "name"?: repo}}
// A token that is not live answers 401. Only services may ask (the route is under /internal/).
// (app/introspection.hpp)
#include "common/domain/repo_type.hpp"
#include "common/http/handler_support.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/introspection.hpp"

namespace hub::auth {
namespace {

constexpr std::size_t kMaxName = 200;

std::optional<ScopeKey> read_scope(const json::Value& body) {
  const json::Value* scope = json::find(body, "scope");
  if (scope == nullptr) return std::nullopt;
  if (!scope->IsObject()) throw ApiError(ErrorCode::kBadRequest, "scope is an object");
  ScopeKey key;
  key.owner = std::string(json::get_string(*scope, "owner").or_throw());
  key.repo_type = std::string(json::get_optional_string(*scope, "type").or_throw().value_or(""));
  key.repo_name = std::string(json::get_optional_string(*scope, "name").or_throw().value_or(""));
  if (!key.repo_type.empty() && !domain::parse_repo_type(key.repo_type)) {
    throw ApiError(ErrorCode::kBadRequest, "scope.type is model, dataset or space");
  }
  if (key.owner.empty() || key.owner.size() > kMaxName || key.repo_name.size() > kMaxName ||
      key.repo_type.empty() != key.repo_name.empty()) {
    throw ApiError(ErrorCode::kBadRequest, "scope names an owner, and a repo with both type and name");
  }
  return key;
}

}  // namespace

http::Response introspect_route(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  IntrospectRequest command;
  if (auto secret = json::get_optional_string(body, "token").or_throw()) command.secret = std::string(*secret);
  command.scope = read_scope(body);
  const IntrospectAnswer a = introspect(ctx.db, command);
  if (a.invalid_credentials) {
    throw ApiError(ErrorCode::kInvalidCredentials, "Invalid credentials in Authorization header");
  }
  json::Writer w;
  w.begin_object();
  if (a.token) {
    const LiveToken& token = *a.token;
    w.field("userId", token.user_id)
        .field("name", token.user_name)
        .field("tokenId", token.id)
        .field("kind", token.kind)
        .field("role", token.role)
        .field("siteAdmin", token.site_admin)
        .field("lifetimeSeconds", token.lifetime_seconds);
    w.key("scoped").raw_value(json::parse(token.scoped_json).value());
  }
  if (a.decision) {
    const ScopeDecision& d = *a.decision;
    w.key("scope").begin_object().field("role", access::role_name(d.role)).field("member", d.member);
    w.field("discussionWrite", d.discussion_write);
    if (!d.repo_id.empty()) w.field("repoId", d.repo_id);
    if (d.policy) {
      w.key("policy");
      access::write_policy(w, *d.policy);
    }
    w.end_object();
  }
  w.end_object();
  return http::Response::json(200, w.str());
}

}  // namespace hub::auth

// Authentication and repo access at the gateway: the secret a request presents, the question put to
// auth about it, and what its answer lets through.
#include "services/gateway/filters/authenticate_filter.hpp"

#include "common/crypto/sha256.hpp"
#include "common/domain/repo_type.hpp"
#include "common/http/error_response.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"
#include "common/util/base64.hpp"
#include "common/util/strings.hpp"
#include "services/gateway/filters/route_filter.hpp"
#include "services/gateway/request_state.hpp"

namespace hub::gateway {

namespace {

metrics::Counter& lookups() {
  static metrics::Counter& c =
      metrics::Registry::global().counter("hub_gateway_caller_lookups_total", "Credentials resolved by asking auth");
  return c;
}

// Far beyond any token of ours: refused before it is decoded.
constexpr std::size_t kMaxBasicCredentials = 4096;

http::Action invalid_credentials(const http::Request& request) {
  http::Response r = http::error_response(ErrorCode::kInvalidCredentials, "Invalid credentials in Authorization header",
                                          request.ctx.request_id);
  return http::Action::reply(std::move(r));  // a 401: error_response said how to authenticate
}

}  // namespace

std::optional<std::string> presented_secret(const http::Request& request) {
  const std::string* header = request.headers.find("Authorization");
  if (header == nullptr) return std::nullopt;
  std::string_view value = util::trim(*header);
  const auto space = value.find(' ');
  if (space == std::string_view::npos) return std::string();
  const std::string_view scheme = value.substr(0, space);
  const std::string_view rest = util::trim(value.substr(space + 1));
  std::string secret;
  if (util::iequals(scheme, "Bearer")) {
    secret = std::string(rest);
  } else if (util::iequals(scheme, "Basic")) {
    if (rest.size() > kMaxBasicCredentials) return std::string();
    auto decoded = util::base64_decode(rest);
    if (!decoded) return std::string();
    const auto colon = decoded->find(':');
    if (colon == std::string::npos) return std::string();
    secret = decoded->substr(colon + 1);
  }
  // Tokens are printable ASCII: anything else (\xff\xfe, a NUL, a space) is no token of ours, and
  // is refused here as bad credentials rather than sent to auth as a question it cannot read.
  for (const char c : secret) {
    if (c < 0x21 || c > 0x7e) return std::string();
  }
  return secret;
}

namespace {
constexpr std::chrono::milliseconds kAuthTimeout{5000};
constexpr std::uint64_t kMaxAnswer = 64 * 1024;
}  // namespace

AuthenticateFilter::AuthenticateFilter(std::shared_ptr<http::Upstream> auth,
                                       std::shared_ptr<const access::Signer> signer, std::shared_ptr<CallerCache> cache)
    : auth_(std::move(auth)), signer_(std::move(signer)), cache_(std::move(cache)) {}

std::string Scope::key() const {
  return util::to_lower(type + "\n" + owner + "\n" + name);
}

std::optional<Scope> scope_of(const http::Request& request) {
  const RouteTarget* target = route_target(request);
  if (target == nullptr || target->scope == RouteScope::kNone) return std::nullopt;
  Scope scope;
  if (target->scope == RouteScope::kOrg) {
    scope.owner = std::string(request.param("org"));
    return scope;
  }
  // /api/{models|datasets|spaces}/…, /{datasets|spaces}/…, or the bare /{namespace}/… of models.
  std::string_view plural = request.param("type");
  if (plural.empty()) plural = request.param("prefix");
  scope.type = domain::type_name(domain::parse_plural(plural).value_or(domain::RepoType::kModel));
  scope.owner = std::string(request.param("namespace"));
  scope.name = std::string(request.param("name"));
  return scope;
}

namespace {

http::Action repo_not_found(const http::Request& request) {
  http::Response r = http::error_response(ErrorCode::kRepoNotFound, "Repository not found", request.ctx.request_id);
  if (!request.ctx.identity || request.ctx.identity->anonymous()) {
    // Without credentials the Hub asks for them; git and the clients then retry with a token.
    r.status = 401;
    http::add_auth_challenge(r);
  }
  return http::Action::reply(std::move(r));
}

// Applies what auth said: Continue to go on, or the answer that ends the request here.
http::Action admit(http::Request& request, const Caller& caller, const std::optional<Scope>& scope) {
  if (!caller.valid) return invalid_credentials(request);
  request.ctx.identity = caller.identity;
  if (!scope) return http::action::Continue{};
  if (!scope->type.empty() && caller.identity.role == access::Role::kNone) return repo_not_found(request);
  if (caller.member && caller.policy) {
    if (auto refusal =
            access::policy_refusal(*caller.policy, caller.credential, gateway_state(request).client_address)) {
      return http::Action::reply(http::error_response(ErrorCode::kForbidden, *refusal, request.ctx.request_id));
    }
  }
  return http::action::Continue{};
}

}  // namespace

http::Action AuthenticateFilter::on_request(http::Request& request) {
  auto secret = presented_secret(request);
  auto scope = scope_of(request);
  if (!secret && !scope) return http::action::Continue{};  // anonymous, and about nothing access-controlled
  if (secret && (secret->empty() || secret->size() > 512)) return invalid_credentials(request);
  std::string key = secret ? crypto::sha256_hex(*secret) : std::string("-");
  if (scope) {
    key += '\n';
    key += scope->key();
  }
  bool refresh = false;
  std::optional<Caller> known = cache_->get(key, refresh);
  if (known) {
    if (refresh) refresh_in_background(key, secret, scope, request.ctx.request_id);
    return admit(request, *known, scope);
  }
  // Asked from the I/O thread: a miss waits for auth's answer, and for nothing else.
  lookups().inc();
  // The question first: the answer's handler below takes the scope over.
  http::PeerCall question = introspection(secret, scope, request.ctx.request_id);
  return http::Action::ask(
      std::move(question),
      [this, &request, authenticated = secret.has_value(), scope = std::move(scope), key = std::move(key),
       asked_at = cache_->generation()](std::optional<http::ClientResponse> answer) {
        std::optional<Caller> caller;
        if (answer) caller = caller_from(*answer, authenticated, request.ctx.request_id);
        if (!caller) throw ApiError(ErrorCode::kUnavailable, "authentication is unavailable; retry shortly");
        cache_->put(key, *caller, asked_at);
        return admit(request, *caller, scope);  // Continue: the chain goes on
      });
}

void AuthenticateFilter::refresh_in_background(const std::string& key, const std::optional<std::string>& secret,
                                               const std::optional<Scope>& scope, const std::string& request_id) {
  lookups().inc();
  const bool started =
      http::ask_in_background(introspection(secret, scope, request_id),
                              [this, key, authenticated = secret.has_value(), request_id,
                               asked_at = cache_->generation()](std::optional<http::ClientResponse> answer) {
                                std::optional<Caller> caller;
                                try {
                                  if (answer) caller = caller_from(*answer, authenticated, request_id);
                                } catch (const std::exception&) {
                                  caller.reset();  // a refusal or a malformed answer: keep the entry in date as it is
                                }
                                if (caller) {
                                  cache_->put(key, *caller, asked_at);
                                } else {
                                  // Auth is away: the answer in date serves until it expires (as it would have), and
                                  // the next request past half its life tries again.
                                  cache_->refresh_failed(key);
                                }
                              });
  if (!started) cache_->refresh_failed(key);
}

void AuthenticateFilter::on_response(const http::Request& request, http::Headers& /*headers*/, int status) {
  if (status >= 300 || request.method == "GET" || request.method == "HEAD" || request.method == "OPTIONS") return;
  const RouteTarget* target = route_target(request);
  if (target == nullptr) return;
  // A repo created, moved, deleted or made private or public changes what auth decides about its
  // path; auth's invalidation feed says so to every replica a moment later, and this caller's next
  // request must not beat it to a stale answer (read your own writes).
  // The route table says which routes do (RouteEntry::changes_registry).
  if (target->entry->service != "auth" && !target->entry->changes_registry) return;
  if (request.path == "/api/credentials/revoke") {
    cache_->clear();  // whose tokens they were, only auth knows
  } else if (request.ctx.identity && !request.ctx.identity->anonymous()) {
    cache_->forget_user(request.ctx.identity->user_id);
  }
}

namespace {

Caller read_caller(const json::Value& doc, bool authenticated) {
  Caller caller;
  caller.valid = true;
  if (authenticated) {
    caller.identity.user_id = std::string(json::get_string(doc, "userId").or_throw(ErrorCode::kBadGateway));
    caller.identity.user_name = std::string(json::get_string(doc, "name").or_throw(ErrorCode::kBadGateway));
    caller.identity.token_id = std::string(json::get_string(doc, "tokenId").or_throw(ErrorCode::kBadGateway));
    caller.credential.session = json::get_string(doc, "kind").or_throw(ErrorCode::kBadGateway) == "session";
    caller.credential.token_role = std::string(json::get_string(doc, "role").or_throw(ErrorCode::kBadGateway));
    caller.credential.lifetime_seconds =
        json::get_optional_int(doc, "lifetimeSeconds").or_throw(ErrorCode::kBadGateway);
  }
  const json::Value* scope = json::find(doc, "scope");
  if (scope == nullptr || !scope->IsObject()) return caller;
  const auto role = access::parse_role(json::get_string(*scope, "role").or_throw(ErrorCode::kBadGateway));
  if (!role) throw ApiError(ErrorCode::kBadGateway, "auth answered a role that is not one");
  caller.identity.role = *role;
  caller.identity.repo_id =
      std::string(json::get_optional_string(*scope, "repoId").or_throw(ErrorCode::kBadGateway).value_or(""));
  caller.member = json::get_bool(*scope, "member").or_throw(ErrorCode::kBadGateway);
  // (Absent from an auth of the previous release: no discussion writes until it is upgraded.)
  caller.identity.discussion_write =
      json::get_optional_bool(*scope, "discussionWrite").or_throw(ErrorCode::kBadGateway).value_or(false);
  if (const json::Value* policy = json::find(*scope, "policy")) {
    caller.policy = std::make_shared<const access::OrgPolicy>(
        access::apply_policy_update(access::OrgPolicy{}, *policy).or_throw(ErrorCode::kBadGateway));
  }
  return caller;
}

}  // namespace

http::PeerCall AuthenticateFilter::introspection(const std::optional<std::string>& secret,
                                                 const std::optional<Scope>& scope,
                                                 const std::string& request_id) const {
  http::ClientRequest call;
  call.method = "POST";
  call.target = "/internal/introspect";
  call.headers.set("Content-Type", "application/json");
  call.headers.set("X-Request-Id", request_id);
  call.headers.set(
      access::kServiceHeader,
      signer_->sign_service("gateway", access::Binding{call.method, call.target, request_id, access::unix_now()}));
  json::Writer body;
  body.begin_object();
  if (secret) body.field("token", *secret);
  if (scope) {
    body.key("scope").begin_object().field("owner", scope->owner);
    if (!scope->type.empty()) body.field("type", scope->type).field("name", scope->name);
    body.end_object();
  }
  body.end_object();
  call.body = body.str();
  return http::PeerCall{auth_, std::move(call), kAuthTimeout, kMaxAnswer};
}

std::optional<Caller> caller_from(const http::ClientResponse& answer, bool authenticated,
                                  const std::string& request_id) {
  if (answer.status == 401) return Caller{};
  if (answer.status >= 400 && answer.status < 500) {
    // Auth read the question and refused it (a name no repo can have): a verdict about the request,
    // not an outage. Only an auth that cannot answer makes a 503.
    auto doc = json::parse_object(answer.body);
    std::string message = "the request names no valid repo or org";
    if (doc) {
      if (auto said = json::get_optional_string(doc.value(), "error"); said && *said) message = std::string(**said);
    }
    throw ApiError(ErrorCode::kBadRequest, message);
  }
  if (answer.status != 200) {
    log::warn("auth introspection failed", {{"status", answer.status}, {"requestId", request_id}});
    return std::nullopt;
  }
  auto doc = json::parse_object(answer.body);
  if (!doc) return std::nullopt;
  return read_caller(doc.value(), authenticated);
}

}  // namespace hub::gateway

#include "services/gateway/authenticate.hpp"

#include <openssl/evp.h>

#include "common/crypto/sha256.hpp"
#include "common/http/error_response.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/metrics/metrics.hpp"
#include "common/util/strings.hpp"

namespace hub::gateway {

namespace {

metrics::Counter& cache_hits() {
  static metrics::Counter& c = metrics::Registry::global().counter(
      "hub_gateway_caller_cache_hits_total", "Requests whose credentials were resolved from the caller cache");
  return c;
}

metrics::Counter& lookups() {
  static metrics::Counter& c =
      metrics::Registry::global().counter("hub_gateway_caller_lookups_total", "Credentials resolved by asking auth");
  return c;
}

metrics::Gauge& feed_up() {
  static metrics::Gauge& g = metrics::Registry::global().gauge(
      "hub_gateway_invalidation_feed_up", "1 while subscribed to auth's invalidations (the caller cache is on)");
  return g;
}

}  // namespace

std::optional<Caller> CallerCache::get(const std::string& digest) {
  std::lock_guard lock(mutex_);
  if (!enabled_) return std::nullopt;
  auto it = entries_.find(digest);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= std::chrono::steady_clock::now()) {
    entries_.erase(it);
    return std::nullopt;
  }
  cache_hits().inc();
  return it->second.caller;
}

void CallerCache::put(const std::string& digest, const Caller& caller) {
  std::lock_guard lock(mutex_);
  if (!enabled_) return;
  if (entries_.size() >= max_entries_) entries_.clear();  // bounded; a refill costs one lookup each
  entries_[digest] = Entry{caller, std::chrono::steady_clock::now() + ttl_};
}

void CallerCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

void CallerCache::forget_user(std::string_view user_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const auto& entry) { return entry.second.caller.identity.user_id == user_id; });
}

void CallerCache::set_enabled(bool on) {
  std::lock_guard lock(mutex_);
  enabled_ = on;
  feed_up().set(on ? 1 : 0);
  if (!on) entries_.clear();
}

namespace {

std::optional<std::string> decode_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t len = static_cast<std::size_t>(n);
  // EVP_DecodeBlock counts the padding as zero bytes.
  if (text.ends_with("==")) {
    len -= 2;
  } else if (text.ends_with("=")) {
    len -= 1;
  }
  out.resize(len);
  return out;
}

http::Action invalid_credentials(const http::Request& request) {
  http::Response r = http::error_response(ErrorCode::kInvalidCredentials, "Invalid credentials in Authorization header",
                                          request.ctx.request_id);
  r.headers.set("WWW-Authenticate", "Basic realm=\"hub\"");
  return http::Action::reply(std::move(r));
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
  if (util::iequals(scheme, "Bearer")) return std::string(rest);
  if (util::iequals(scheme, "Basic")) {
    auto decoded = decode_base64(rest);
    if (!decoded) return std::string();
    const auto colon = decoded->find(':');
    if (colon == std::string::npos) return std::string();
    return decoded->substr(colon + 1);
  }
  return std::string();
}

AuthenticateFilter::AuthenticateFilter(std::shared_ptr<http::Upstream> auth, std::shared_ptr<const auth::Signer> signer,
                                       std::shared_ptr<CallerCache> cache)
    : auth_(std::move(auth)), signer_(std::move(signer)), cache_(std::move(cache)) {
  http::ClientOptions options;
  options.timeout = std::chrono::seconds(5);
  options.max_body = 64 * 1024;
  for (std::size_t i = 0; i < auth_->size(); ++i)
    clients_.push_back(std::make_unique<http::Client>(auth_->address(i), options));
}

std::optional<http::Action> AuthenticateFilter::on_request(http::Request& request) {
  auto secret = presented_secret(request);
  if (!secret) return std::nullopt;
  if (secret->empty() || secret->size() > 512) return invalid_credentials(request);
  std::string digest = crypto::sha256_hex(*secret);
  if (auto known = cache_->get(digest)) {
    if (!known->valid) return invalid_credentials(request);
    request.ctx.identity = known->identity;
    return std::nullopt;
  }
  http::Action lookup;
  lookup.deferred = [this, &request, secret = std::move(*secret), digest = std::move(digest)]() {
    Caller caller = introspect(secret, request);
    cache_->put(digest, caller);
    if (!caller.valid) return invalid_credentials(request);
    request.ctx.identity = caller.identity;
    return http::Action{};  // decided nothing: the chain goes on
  };
  return lookup;
}

Caller AuthenticateFilter::introspect(const std::string& secret, const http::Request& request) {
  lookups().inc();
  http::ClientRequest call;
  call.method = "POST";
  call.target = "/internal/introspect";
  call.headers.set("Content-Type", "application/json");
  call.headers.set("X-Request-Id", request.ctx.request_id);
  call.headers.set(auth::kServiceHeader,
                   signer_->sign_service(
                       "gateway", auth::Binding{call.method, call.target, request.ctx.request_id, auth::unix_now()}));
  json::Writer body;
  body.begin_object().field("token", secret).end_object();
  call.body = body.str();
  // Each address at most once, starting with a ready one.
  std::optional<std::size_t> failed;
  for (std::size_t attempt = 0; attempt < clients_.size(); ++attempt) {
    const std::size_t index = auth_->pick(failed);
    try {
      http::ClientResponse answer = clients_[index]->send(call);
      if (answer.status == 401) return Caller{};
      if (answer.status != 200) {
        log::warn("auth introspection failed", {{"status", answer.status}, {"requestId", request.ctx.request_id}});
        break;
      }
      auto doc = json::parse_object(answer.body);
      if (!doc) break;
      Caller caller;
      caller.valid = true;
      caller.identity.user_id = std::string(json::get_string(doc.value(), "userId").or_throw(ErrorCode::kBadGateway));
      caller.identity.user_name = std::string(json::get_string(doc.value(), "name").or_throw(ErrorCode::kBadGateway));
      caller.identity.token_id = std::string(json::get_string(doc.value(), "tokenId").or_throw(ErrorCode::kBadGateway));
      return caller;
    } catch (const http::ClientError& e) {
      log::warn("auth unreachable", {{"error", e.what()}, {"requestId", request.ctx.request_id}});
      failed = index;
    }
  }
  throw ApiError(ErrorCode::kUnavailable, "authentication is unavailable; retry shortly");
}

}  // namespace hub::gateway

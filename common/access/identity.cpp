#include "common/access/identity.hpp"

#include <openssl/crypto.h>

#include <charconv>
#include <ctime>

#include "common/crypto/sha256.hpp"
#include "common/error/api_error.hpp"
#include "common/http/url.hpp"
#include "common/util/strings.hpp"

namespace hub::access {
namespace {

constexpr std::string_view kIdentityContext = "hub/identity/v1";
constexpr std::string_view kServiceContext = "hub/service/v1";

// The fields of a header, in order; values still percent-encoded.
using Fields = std::vector<std::pair<std::string_view, std::string_view>>;

Result<Fields> split_header(std::string_view header) {
  auto parts = util::split(header, ';');
  if (parts.empty() || parts[0] != "v1") return fail("unsupported signature version");
  Fields out;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    auto eq = parts[i].find('=');
    if (eq == std::string_view::npos) return fail("malformed signature field");
    out.emplace_back(parts[i].substr(0, eq), parts[i].substr(eq + 1));
  }
  return out;
}

std::string_view value_of(const Fields& fields, std::string_view name) {
  for (const auto& [k, v] : fields) {
    if (k == name) return v;
  }
  return {};
}

// The signed message: the purpose, each field but the signature as k=v, then what the request is
// bound to, all separated by newlines. The signer and the verifier both build it as one string and
// give it to the MAC in one update (an update per piece cost more than the copy). This is its tail.
void append_binding(std::string& message, const Binding& b) {
  message.append("\n").append(b.method).append("\n").append(b.target).append("\n").append(b.request_id);
}

void append_hex(std::string& out, const unsigned char (&bytes)[32]) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char hex[64];
  for (std::size_t i = 0; i < 32; ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  out.append(hex, sizeof hex);
}

// Builds a header "v1;k=v;…;sig=…" and its signed message together: each field goes into the
// message as it is appended (in its percent-encoded form, as the verifier will see it), so the
// header is never read back. The message gathers in a buffer this thread reuses.
class SignedHeader {
 public:
  SignedHeader(const crypto::HmacKey& key, std::string_view context, std::size_t size_hint)
      : key_(key), message_(message_buffer()) {
    header_.reserve(size_hint);
    header_ = "v1";
    message_.clear();
    message_ += context;
  }
  void raw_field(std::string_view name, std::string_view value) {
    begin(name);
    header_ += value;
    end();
  }
  void field(std::string_view name, std::string_view value) {
    begin(name);
    http::percent_encode_to(header_, value);
    end();
  }
  std::string seal(const Binding& b) {
    append_binding(message_, b);
    auto mac = key_.stream();
    mac.update(message_);
    unsigned char sig[32];
    mac.finish(sig);
    header_ += ";sig=";
    append_hex(header_, sig);
    return std::move(header_);
  }

 private:
  static std::string& message_buffer() {
    thread_local std::string buffer;
    return buffer;
  }
  void begin(std::string_view name) {
    header_ += ';';
    field_at_ = header_.size();
    header_ += name;
    header_ += '=';
  }
  // Adds "\nname=value", as just appended.
  void end() {
    message_ += '\n';
    message_.append(header_, field_at_);
  }

  const crypto::HmacKey& key_;
  std::string& message_;
  std::string header_;
  std::size_t field_at_ = 0;
};

bool equal_constant_time(const std::string& a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::int64_t unix_now() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

Signer::Signer(std::string_view secret, std::string_view previous) {
  for (std::string_view s : {secret, previous}) {
    if (s.empty()) continue;
    keys_.push_back(Key{crypto::sha256_hex(std::string("hub/kid/v1/") + std::string(s)).substr(0, 8),
                        crypto::HmacKey(crypto::hmac_sha256(s, kIdentityContext)),
                        crypto::HmacKey(crypto::hmac_sha256(s, kServiceContext))});
  }
  if (keys_.empty()) throw std::invalid_argument("a signer needs a secret");
}

const Signer::Key* Signer::find(std::string_view kid) const {
  for (const auto& k : keys_) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

std::string Signer::sign_identity(const Identity& id, const Binding& b) const {
  const Key& key = keys_.front();
  SignedHeader h(key.identity_key, kIdentityContext,
                 200 + id.user_id.size() + id.user_name.size() + id.token_id.size() + id.repo_id.size() +
                     id.client_address.size());
  h.raw_field("kid", key.kid);
  char ts[24];
  const auto n = std::to_chars(ts, ts + sizeof ts, b.now).ptr - ts;
  h.raw_field("ts", std::string_view(ts, static_cast<std::size_t>(n)));
  h.field("user", id.user_id);
  h.field("name", id.user_name);
  h.field("token", id.token_id);
  h.field("repo", id.repo_id);
  h.raw_field("role", role_name(id.role));
  h.field("addr", id.client_address);
  h.raw_field("dw", id.discussion_write ? "1" : "0");
  return h.seal(b);
}

namespace {

// Checks kid, timestamp and signature; the fields are then trustworthy.
template <class KeyOf>
Result<Fields> check(std::string_view header, std::string_view context, const Binding& b, KeyOf key_of,
                     const std::vector<std::string_view>& required) {
  auto fields = split_header(header);
  if (!fields) return fields;
  for (auto name : required) {
    bool present = false;
    for (const auto& [k, v] : fields.value())
      present = present || k == name;
    if (!present) return fail("signature lacks " + std::string(name));
  }
  const crypto::HmacKey* key = key_of(value_of(fields.value(), "kid"));
  if (key == nullptr) return fail("unknown signing key");
  auto ts = util::parse_int(value_of(fields.value(), "ts"));
  if (!ts) return fail("malformed signature timestamp");
  if (*ts < b.now - Signer::kSkewSeconds) return fail("signature expired");
  if (*ts > b.now + Signer::kSkewSeconds) return fail("signature from the future");
  std::string message(context);
  for (const auto& [k, v] : fields.value()) {
    if (k != "sig") message.append("\n").append(k).append("=").append(v);
  }
  append_binding(message, b);
  auto mac = key->stream();
  mac.update(message);
  unsigned char sig[32];
  mac.finish(sig);
  std::string expected;
  append_hex(expected, sig);
  if (!equal_constant_time(expected, value_of(fields.value(), "sig"))) return fail("bad signature");
  return fields;
}

}  // namespace

Result<Identity> Signer::verify_identity(std::string_view header, const Binding& b) const {
  auto fields = check(header, kIdentityContext, b,
                      [this](std::string_view kid) -> const crypto::HmacKey* {
                        const Key* k = find(kid);
                        return k ? &k->identity_key : nullptr;
                      },
                      {"kid", "ts", "user", "name", "token", "repo", "role", "addr", "sig"});
  if (!fields) return Failure{fields.error()};
  const Fields& f = fields.value();
  // A field that does not decode (a NUL, a broken escape) fails the identity rather than reading
  // as empty: an empty user is the anonymous caller, which no signed header may turn into.
  std::string values[6];
  const char* names[6] = {"user", "name", "token", "repo", "role", "addr"};
  for (std::size_t i = 0; i < 6; ++i) {
    auto value = http::percent_decode(value_of(f, names[i]));
    if (!value) return fail(std::string("malformed identity field ") + names[i]);
    values[i] = std::move(*value);
  }
  // No role (a route about no repo) reads as none; a word that is not a role fails the identity.
  const auto role = values[4].empty() ? std::optional<Role>(Role::kNone) : parse_role(values[4]);
  if (!role) return fail("malformed identity field role");
  // dw came later than the other fields: a header without it (a gateway of the previous release,
  // during a rolling upgrade) grants nothing more than before.
  const std::string_view dw = value_of(f, "dw");
  if (dw != "" && dw != "0" && dw != "1") return fail("malformed identity field dw");
  return Identity{std::move(values[0]),
                  std::move(values[1]),
                  std::move(values[2]),
                  std::move(values[3]),
                  *role,
                  std::move(values[5]),
                  dw == "1"};
}

std::string Signer::sign_service(std::string_view service, const Binding& b) const {
  const Key& key = keys_.front();
  SignedHeader h(key.service_key, kServiceContext, 160 + service.size());
  h.raw_field("kid", key.kid);
  h.raw_field("ts", std::to_string(b.now));
  h.field("service", service);
  return h.seal(b);
}

Result<std::string> Signer::verify_service(std::string_view header, const Binding& b) const {
  auto fields = check(header, kServiceContext, b,
                      [this](std::string_view kid) -> const crypto::HmacKey* {
                        const Key* k = find(kid);
                        return k ? &k->service_key : nullptr;
                      },
                      {"kid", "ts", "service", "sig"});
  if (!fields) return Failure{fields.error()};
  auto service = http::percent_decode(value_of(fields.value(), "service"));
  if (!service) return fail("malformed service field");
  return std::move(*service);
}

const Identity& require_discussion_writer(const Identity* who) {
  if (who == nullptr || who->anonymous()) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  if (who->role < Role::kRead) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  if (!who->discussion_write) {
    throw ApiError(ErrorCode::kForbidden, "this token may not write to discussions on this repo (discussion.write)");
  }
  return *who;
}

}  // namespace hub::access

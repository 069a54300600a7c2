#include "common/auth/identity.hpp"

#include <openssl/crypto.h>

#include <ctime>

#include "common/crypto/sha256.hpp"
#include "common/http/url.hpp"
#include "common/util/strings.hpp"

namespace hub::auth {
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

std::string canonical(std::string_view context, const Fields& fields, const Binding& b) {
  std::string out(context);
  for (const auto& [k, v] : fields) {
    if (k == "sig") continue;
    out += '\n';
    out += k;
    out += '=';
    out += v;
  }
  out += '\n';
  out += b.method;
  out += '\n';
  out += b.target;
  out += '\n';
  out += b.request_id;
  return out;
}

std::string encode(std::string_view v) { return http::percent_encode(v); }

std::string decoded(std::string_view v) { return http::percent_decode(v).value_or(""); }

bool equal_constant_time(const std::string& a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

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
  Fields fields = {{"kid", key.kid}};
  const std::string ts = std::to_string(b.now);
  const std::string user = encode(id.user_id), name = encode(id.user_name), token = encode(id.token_id),
                    repo = encode(id.repo_id), role = encode(id.role), addr = encode(id.client_address);
  fields.insert(fields.end(), {{"ts", ts}, {"user", user}, {"name", name}, {"token", token}, {"repo", repo},
                               {"role", role}, {"addr", addr}});
  std::string header = "v1";
  for (const auto& [k, v] : fields) {
    header += ';';
    header += k;
    header += '=';
    header += v;
  }
  return header + ";sig=" + util::hex(key.identity_key.sign(canonical(kIdentityContext, fields, b)));
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
    for (const auto& [k, v] : fields.value()) present = present || k == name;
    if (!present) return fail("signature lacks " + std::string(name));
  }
  const crypto::HmacKey* key = key_of(value_of(fields.value(), "kid"));
  if (key == nullptr) return fail("unknown signing key");
  auto ts = util::parse_int(value_of(fields.value(), "ts"));
  if (!ts) return fail("malformed signature timestamp");
  if (*ts < b.now - Signer::kSkewSeconds) return fail("signature expired");
  if (*ts > b.now + Signer::kSkewSeconds) return fail("signature from the future");
  std::string expected = util::hex(key->sign(canonical(context, fields.value(), b)));
  if (!equal_constant_time(expected, value_of(fields.value(), "sig"))) return fail("bad signature");
  return fields;
}

}  // namespace

Result<Identity> Signer::verify_identity(std::string_view header, const Binding& b) const {
  auto fields = check(
      header, kIdentityContext, b,
      [this](std::string_view kid) -> const crypto::HmacKey* {
        const Key* k = find(kid);
        return k ? &k->identity_key : nullptr;
      },
      {"kid", "ts", "user", "name", "token", "repo", "role", "addr", "sig"});
  if (!fields) return Failure{fields.error()};
  const Fields& f = fields.value();
  return Identity{decoded(value_of(f, "user")), decoded(value_of(f, "name")), decoded(value_of(f, "token")),
                  decoded(value_of(f, "repo")), decoded(value_of(f, "role")), decoded(value_of(f, "addr"))};
}

std::string Signer::sign_service(std::string_view service, const Binding& b) const {
  const Key& key = keys_.front();
  const std::string ts = std::to_string(b.now), name = encode(service);
  Fields fields = {{"kid", key.kid}, {"ts", ts}, {"service", name}};
  return "v1;kid=" + key.kid + ";ts=" + ts + ";service=" + name + ";sig=" +
         util::hex(key.service_key.sign(canonical(kServiceContext, fields, b)));
}

Result<std::string> Signer::verify_service(std::string_view header, const Binding& b) const {
  auto fields = check(
      header, kServiceContext, b,
      [this](std::string_view kid) -> const crypto::HmacKey* {
        const Key* k = find(kid);
        return k ? &k->service_key : nullptr;
      },
      {"kid", "ts", "service", "sig"});
  if (!fields) return Failure{fields.error()};
  return decoded(value_of(fields.value(), "service"));
}

}  // namespace hub::auth

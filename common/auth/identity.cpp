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

// The signed message: the purpose, each field but the signature as k=v, then what the request is
// bound to, all separated by newlines. Fed to the MAC piece by piece, never built as a string.
template <class EachField>
void mac_canonical(crypto::HmacKey::Stream& mac, std::string_view context, EachField each_field, const Binding& b) {
  mac.update(context);
  each_field([&](std::string_view k, std::string_view v) {
    if (k == "sig") return;
    mac.update("\n");
    mac.update(k);
    mac.update("=");
    mac.update(v);
  });
  mac.update("\n");
  mac.update(b.method);
  mac.update("\n");
  mac.update(b.target);
  mac.update("\n");
  mac.update(b.request_id);
}

void append_hex(std::string& out, const unsigned char (&bytes)[32]) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
}

// Appends ";k=v" pairs from a header body that starts at its first field, and signs it.
std::string seal(std::string header, const crypto::HmacKey& key, std::string_view context, const Binding& b) {
  auto mac = key.stream();
  std::string_view body(header);
  body.remove_prefix(3);  // "v1;"
  mac_canonical(
      mac, context,
      [&](const auto& visit) {
        std::string_view rest = body;
        while (!rest.empty()) {
          auto end = rest.find(';');
          std::string_view part = rest.substr(0, end);
          auto eq = part.find('=');
          visit(part.substr(0, eq), part.substr(eq + 1));
          rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        }
      },
      b);
  unsigned char sig[32];
  mac.finish(sig);
  header += ";sig=";
  append_hex(header, sig);
  return header;
}

void add_field(std::string& header, std::string_view name, std::string_view value) {
  header += ';';
  header += name;
  header += '=';
  http::percent_encode_to(header, value);
}

std::string decoded(std::string_view v) {
  return http::percent_decode(v).value_or("");
}

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
  std::string header;
  header.reserve(200 + id.user_id.size() + id.user_name.size() + id.token_id.size() + id.repo_id.size() +
                 id.client_address.size());
  header += "v1;kid=";
  header += key.kid;
  header += ";ts=";
  header += std::to_string(b.now);
  add_field(header, "user", id.user_id);
  add_field(header, "name", id.user_name);
  add_field(header, "token", id.token_id);
  add_field(header, "repo", id.repo_id);
  add_field(header, "role", id.role);
  add_field(header, "addr", id.client_address);
  return seal(std::move(header), key.identity_key, kIdentityContext, b);
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
  auto mac = key->stream();
  mac_canonical(
      mac, context,
      [&](const auto& visit) {
        for (const auto& [k, v] : fields.value())
          visit(k, v);
      },
      b);
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
  return Identity{decoded(value_of(f, "user")), decoded(value_of(f, "name")), decoded(value_of(f, "token")),
                  decoded(value_of(f, "repo")), decoded(value_of(f, "role")), decoded(value_of(f, "addr"))};
}

std::string Signer::sign_service(std::string_view service, const Binding& b) const {
  const Key& key = keys_.front();
  std::string header = "v1;kid=" + key.kid + ";ts=" + std::to_string(b.now);
  add_field(header, "service", service);
  return seal(std::move(header), key.service_key, kServiceContext, b);
}

Result<std::string> Signer::verify_service(std::string_view header, const Binding& b) const {
  auto fields = check(header, kServiceContext, b,
                      [this](std::string_view kid) -> const crypto::HmacKey* {
                        const Key* k = find(kid);
                        return k ? &k->service_key : nullptr;
                      },
                      {"kid", "ts", "service", "sig"});
  if (!fields) return Failure{fields.error()};
  return decoded(value_of(fields.value(), "service"));
}

}  // namespace hub::auth

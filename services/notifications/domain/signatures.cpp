#include "services/notifications/domain/signatures.hpp"

#include <utility>

#include "common/crypto/sha256.hpp"
#include "common/util/base64.hpp"
#include "common/util/strings.hpp"

namespace hub::notifications {

std::string standard_webhooks_key(std::string_view secret) {
  if (secret.starts_with(kStandardWebhooksSecretPrefix)) {
    auto decoded = util::base64_decode(secret.substr(kStandardWebhooksSecretPrefix.size()));
    if (decoded && !decoded->empty()) return std::move(*decoded);
  }
  return std::string(secret);
}

std::string standard_webhooks_signature(std::string_view secret, std::string_view id, std::string_view timestamp,
                                        std::string_view body) {
  std::string signed_content;
  signed_content.reserve(id.size() + timestamp.size() + body.size() + 2);
  signed_content.append(id).append(".").append(timestamp).append(".").append(body);
  return "v1," + util::base64_encode(crypto::hmac_sha256(standard_webhooks_key(secret), signed_content));
}

std::string hub_signature_256(std::string_view secret, std::string_view body) {
  return "sha256=" + util::hex(crypto::hmac_sha256(secret, body));
}

}  // namespace hub::notifications

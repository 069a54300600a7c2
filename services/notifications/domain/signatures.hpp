#pragma once
// The signatures a webhook delivery carries, so a receiver can tell the hub sent it and nothing
// changed on the way:
//
//   webhook-signature: v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>   (Standard Webhooks)
//   X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>                  (GitHub's scheme)
//
// The key of both is the hook's secret as its owner gave it, byte for byte, with one exception that
// Standard Webhooks defines: a secret spelled "whsec_<base64>" means the bytes the base64 decodes
// to, for the Standard Webhooks signature only (its libraries decode it so; GitHub's verifiers use
// the secret's text). A "whsec_" secret whose rest is not base64 is used as given.
#include <string>
#include <string_view>

namespace hub::notifications {

inline constexpr std::string_view kStandardWebhooksSecretPrefix = "whsec_";

// The HMAC key the Standard Webhooks signature uses for `secret` (see above).
std::string standard_webhooks_key(std::string_view secret);

// The value of `webhook-signature`: "v1," and the base64 (with padding) of the MAC. `id` is the
// delivery's webhook-id and `timestamp` its webhook-timestamp (unix seconds), exactly as sent.
std::string standard_webhooks_signature(std::string_view secret, std::string_view id, std::string_view timestamp,
                                        std::string_view body);

// The value of `X-Hub-Signature-256`: "sha256=" and the lower-case hex of the MAC of the body.
std::string hub_signature_256(std::string_view secret, std::string_view body);

}  // namespace hub::notifications

// Expected values computed independently with Python's hmac, hashlib and base64:
//   base64.b64encode(hmac.new(key, f"{id}.{ts}.".encode() + body, hashlib.sha256).digest())
//   hmac.new(secret, body, hashlib.sha256).hexdigest()
// Two of them are also the schemes' published examples (the Standard Webhooks specification,
// GitHub's "Validating webhook deliveries").
#include "services/notifications/domain/signatures.hpp"

#include <gtest/gtest.h>

namespace hub::notifications {
namespace {

TEST(Signatures, StandardWebhooksPublishedExample) {
  EXPECT_EQ(standard_webhooks_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                                        "1614265330", R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(Signatures, StandardWebhooksWithAPlainSecretUsesItsBytes) {
  EXPECT_EQ(standard_webhooks_signature("It's a Secret to Everybody", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "1674087231",
                                        R"({"event":"repo.content"})"),
            "v1,ato4L20ctALeeJeu4pz1XHo6uPRAc3pHZJ/avFBL3Fw=");
  EXPECT_EQ(standard_webhooks_signature("", "", "", ""), "v1,2yZ1Ro50KwbirKK+trEWlNw1J2vteh5GDMSk7bKnqe8=");
}

TEST(Signatures, WhsecPrefixOnlyWhenItsRestIsBase64) {
  EXPECT_EQ(standard_webhooks_key("whsec_aGVsbG8="), "hello");
  EXPECT_EQ(standard_webhooks_key("whsec_not base64!"), "whsec_not base64!");
  EXPECT_EQ(standard_webhooks_key("whsec_"), "whsec_");
  EXPECT_EQ(standard_webhooks_key("plain"), "plain");
  // Every part of the signed content counts.
  const auto base = standard_webhooks_signature("s", "id", "1", "body");
  EXPECT_NE(standard_webhooks_signature("s", "id2", "1", "body"), base);
  EXPECT_NE(standard_webhooks_signature("s", "id", "2", "body"), base);
  EXPECT_NE(standard_webhooks_signature("s", "id", "1", "body "), base);
  EXPECT_NE(standard_webhooks_signature("t", "id", "1", "body"), base);
}

TEST(Signatures, HubSignature256PublishedExample) {
  EXPECT_EQ(hub_signature_256("It's a Secret to Everybody", "Hello, World!"),
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  EXPECT_EQ(hub_signature_256("", ""), "sha256=b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Signatures, HubSignature256KeepsAWhsecSecretAsText) {
  EXPECT_EQ(hub_signature_256("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", R"({"test": 2432232314})"),
            "sha256=80ec8a89ce3cd22133a1066caecb4d04fea7467657c8514d717ec42c38a5c94c");
}

}  // namespace
}  // namespace hub::notifications

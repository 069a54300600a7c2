#include "common/access/org_policy.hpp"

#include <gtest/gtest.h>

namespace hub::access {
namespace {

Result<OrgPolicy> update(const OrgPolicy& current, std::string_view body) {
  auto doc = json::parse(body);
  EXPECT_TRUE(doc) << body;
  return apply_policy_update(current, doc.value());
}

TEST(OrgPolicy, UpdatesOnlyTheFieldsGiven) {
  OrgPolicy p = update({}, R"({"ipAllowlist":["10.0.0.0/8","2001:db8::/32"],"maxTokenLifetimeDays":30})").value();
  ASSERT_EQ(p.ip_allowlist.size(), 2u);
  EXPECT_EQ(p.max_token_lifetime_days, 30);
  p = update(p, R"({"requireFineGrainedTokens":true})").value();
  EXPECT_EQ(p.ip_allowlist.size(), 2u);
  EXPECT_TRUE(p.require_fine_grained_tokens);
  p = update(p, R"({"maxTokenLifetimeDays":null,"ipAllowlist":[]})").value();
  EXPECT_FALSE(p.max_token_lifetime_days);
  EXPECT_FALSE(p.restricts_access() && !p.require_fine_grained_tokens);
  json::Writer w;
  write_policy(w, p);
  EXPECT_EQ(w.str(), R"({"ipAllowlist":[],"requireFineGrainedTokens":true,"maxTokenLifetimeDays":null,)"
                     R"("defaultRepoVisibility":"public"})");
}

TEST(OrgPolicy, RefusesInvalidFieldsWithAReason) {
  for (const char* bad :
       {R"({"ipAllowlist":"10.0.0.0/8"})", R"({"ipAllowlist":["10.0.0.1/8"]})", R"({"ipAllowlist":[7]})",
        R"({"requireFineGrainedTokens":"yes"})", R"({"maxTokenLifetimeDays":0})", R"({"maxTokenLifetimeDays":1.5})",
        R"({"maxTokenLifetimeDays":99999})", R"({"defaultRepoVisibility":"secret"})", "[]"}) {
    auto r = update({}, bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_FALSE(r.error().empty());
    }
  }
  std::string many = R"({"ipAllowlist":[)";
  for (int i = 0; i <= static_cast<int>(kMaxAllowlistEntries); ++i)
    many += (i ? ",\"10.0.0." : "\"10.0.0.") + std::to_string(i % 256) + "\"";
  EXPECT_FALSE(update({}, many + "]}"));
}

TEST(OrgPolicy, RefusalNamesTheRuleBroken) {
  OrgPolicy p = update({}, R"({"ipAllowlist":["203.0.113.0/24"],"requireFineGrainedTokens":true,)"
                           R"("maxTokenLifetimeDays":7})")
                    .value();
  const Credential fine{.session = false, .token_role = "fineGrained", .lifetime_seconds = 3 * 86400};
  EXPECT_FALSE(policy_refusal(p, fine, "203.0.113.9"));
  EXPECT_TRUE(policy_refusal(p, fine, "198.51.100.1"));
  EXPECT_TRUE(policy_refusal(p, fine, "not an address"));
  EXPECT_TRUE(policy_refusal(p, Credential{.token_role = "write", .lifetime_seconds = 86400}, "203.0.113.9"));
  EXPECT_TRUE(policy_refusal(p, Credential{.token_role = "fineGrained"}, "203.0.113.9"));  // never expires
  EXPECT_TRUE(policy_refusal(p, Credential{.token_role = "fineGrained", .lifetime_seconds = 8 * 86400}, "203.0.113.9"));
  // A login session answers to the network rule only.
  EXPECT_FALSE(policy_refusal(p, Credential{.session = true, .token_role = "write"}, "203.0.113.9"));
  EXPECT_TRUE(policy_refusal(p, Credential{.session = true, .token_role = "write"}, "198.51.100.1"));
}

}  // namespace
}  // namespace hub::access

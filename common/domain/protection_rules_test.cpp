#include "common/domain/protection_rules.hpp"

#include <gtest/gtest.h>

#include "tests/support/json_object.hpp"

namespace hub::domain {
namespace {

std::vector<ProtectionRule> rules(std::string_view text) {
  auto parsed = parse_protection(test::json_object(text));
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error());
  return parsed.ok() ? parsed.value() : std::vector<ProtectionRule>{};
}

std::string error_of(std::string_view text) {
  auto doc = json::parse(text);
  auto parsed = parse_protection(doc.value());
  return parsed.ok() ? "" : parsed.error();
}

TEST(Protection, ParsesAndRendersEveryField) {
  auto r = rules(R"({"rules":[{"pattern":"release/*","requiredApprovals":2,"requiredStatusChecks":["ci/eval"],
      "dismissStaleApprovals":true,"metricGates":[{"context":"ci/eval","metric":"accuracy","direction":"higherIsBetter",
      "maxRegression":0.01}],"pushRoles":"admin"}]})");
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].required_approvals, 2);
  EXPECT_EQ(r[0].required_status_checks, std::vector<std::string>{"ci/eval"});
  EXPECT_TRUE(r[0].dismiss_stale_approvals);
  EXPECT_FALSE(r[0].block_on_changes_requested);
  EXPECT_DOUBLE_EQ(r[0].metric_gates[0].max_regression, 0.01);
  auto again = rules(protection_json(r));
  EXPECT_EQ(protection_json(again), protection_json(r));
}

TEST(Protection, OneRuleIsWrittenAsTheDocumentWritesIt) {
  auto r = rules(R"({"rules":[{"pattern":"main"},{"pattern":"release/*","requiredApprovals":1}]})");
  ASSERT_EQ(r.size(), 2U);
  json::Writer w;
  write_protection_rule(w, r[1]);
  const auto one = test::json_object(w.str());
  const auto all = test::json_object(protection_json(r));
  EXPECT_TRUE(one == all["rules"][1]);
  EXPECT_EQ(std::string(one["pushRoles"].GetString()), "write");  // defaults shown
}

TEST(Protection, RefusesInvalidRules) {
  EXPECT_NE(error_of(R"({"rules":{}})"), "");
  EXPECT_NE(error_of(R"({"rules":[{"pattern":""}]})"), "");
  EXPECT_NE(error_of(R"({"rules":[{"pattern":"a b"}]})"), "");
  EXPECT_NE(error_of(R"({"rules":[{"pattern":"main","requiredApprovals":-1}]})"), "");
  EXPECT_NE(error_of(R"({"rules":[{"pattern":"main","pushRoles":"read"}]})"), "");
  EXPECT_NE(error_of(R"({"rules":[{"pattern":"main","metricGates":[{"context":"c","metric":"m","direction":"up"}]}]})"),
            "");
  EXPECT_NE(error_of(R"({"rules":[{"pattern":"main","metricGates":[{"context":"c","metric":"m",
      "direction":"lowerIsBetter","maxRegression":-1}]}]})"),
            "");
  EXPECT_NE(error_of(R"({"rules":[{"pattern":"main","requiredStatusChecks":[1]}]})"), "");
}

TEST(Protection, GuardsProtectedBranchesOnly) {
  auto r = rules(R"({"rules":[{"pattern":"main"},{"pattern":"release/*","pushRoles":"admin"}]})");
  EXPECT_FALSE(protection_refusal(r, {"refs/heads/main", false, false, true}, access::Role::kWrite));
  EXPECT_TRUE(protection_refusal(r, {"refs/heads/main", false, false, false}, access::Role::kAdmin));  // force-push
  EXPECT_TRUE(protection_refusal(r, {"refs/heads/main", false, true, false}, access::Role::kAdmin));   // deletion
  EXPECT_TRUE(protection_refusal(r, {"refs/heads/release/1", true, false, true}, access::Role::kWrite));
  EXPECT_FALSE(protection_refusal(r, {"refs/heads/release/1", true, false, true}, access::Role::kAdmin));
  EXPECT_FALSE(protection_refusal(r, {"refs/heads/dev", false, true, false}, access::Role::kWrite));
  EXPECT_FALSE(protection_refusal(r, {"refs/tags/main", false, true, false}, access::Role::kWrite));
}

}  // namespace
}  // namespace hub::domain

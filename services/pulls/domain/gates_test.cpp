#include "services/pulls/domain/gates.hpp"

#include <gtest/gtest.h>

namespace hub::pulls {
namespace {

ReviewRow review(std::int64_t seq, const std::string& who, Verdict v, const std::string& sha = "head") {
  ReviewRow r;
  r.seq = seq;
  r.reviewer_id = who;
  r.reviewer_name = who + "-name";
  r.verdict = v;
  r.commit_sha = sha;
  return r;
}

struct Fixture {
  domain::ProtectionRule rule;
  GateInputs in;
  Fixture() {
    rule.pattern = "main";
    in.thread_status = "open";
    in.rule = &rule;
    in.author_id = "author";
    in.head_sha = "head";
    in.writers = {"alice", "bob", "author"};
  }
  std::vector<std::string> gates() {
    std::vector<std::string> out;
    for (const auto& g : unmet_gates(in))
      out.push_back(g.gate);
    return out;
  }
};

TEST(Gates, NoRuleAndOpenMerges) {
  Fixture f;
  f.in.rule = nullptr;
  EXPECT_TRUE(unmet_gates(f.in).empty());
}

TEST(Gates, DraftClosedAndMergedAreUnmet) {
  Fixture f;
  for (const char* s : {"draft", "closed", "merged"}) {
    f.in.thread_status = s;
    ASSERT_EQ(f.gates(), std::vector<std::string>{"status"}) << s;
  }
}

TEST(Gates, ApprovalsCountOnlyFromWritersOtherThanTheAuthor) {
  Fixture f;
  f.rule.required_approvals = 1;
  f.in.reviews = {review(1, "author", Verdict::kApprove), review(2, "carol", Verdict::kApprove)};
  auto unmet = unmet_gates(f.in);
  ASSERT_EQ(unmet.size(), 1U);
  EXPECT_EQ(unmet[0].gate, "approvals");
  EXPECT_EQ(unmet[0].required, 1);
  EXPECT_EQ(unmet[0].approvals, 0);
  f.in.reviews.push_back(review(3, "alice", Verdict::kApprove));
  EXPECT_TRUE(unmet_gates(f.in).empty());
}

TEST(Gates, TheLatestVerdictOfAReviewerDecides) {
  Fixture f;
  f.rule.required_approvals = 1;
  f.rule.block_on_changes_requested = true;
  f.in.reviews = {review(1, "alice", Verdict::kApprove), review(2, "alice", Verdict::kRequestChanges),
                  review(3, "alice", Verdict::kComment)};
  EXPECT_EQ(f.gates(), (std::vector<std::string>{"approvals", "changesRequested"}));
  f.in.reviews.push_back(review(4, "alice", Verdict::kApprove));
  EXPECT_TRUE(f.gates().empty());
}

TEST(Gates, ChangeRequestsBlockOnlyWhenTheRuleSaysSo) {
  Fixture f;
  f.in.reviews = {review(1, "bob", Verdict::kRequestChanges)};
  EXPECT_TRUE(f.gates().empty());
  f.rule.block_on_changes_requested = true;
  auto unmet = unmet_gates(f.in);
  ASSERT_EQ(unmet.size(), 1U);
  EXPECT_EQ(unmet[0].reviewers, std::vector<std::string>{"bob-name"});
}

TEST(Gates, StaleApprovalsAreDismissedWhenConfigured) {
  Fixture f;
  f.rule.required_approvals = 1;
  f.in.reviews = {review(1, "alice", Verdict::kApprove, "older")};
  EXPECT_TRUE(f.gates().empty());
  f.rule.dismiss_stale_approvals = true;
  EXPECT_EQ(f.gates(), std::vector<std::string>{"approvals"});
  auto s = standings(f.in);
  ASSERT_EQ(s.size(), 1U);
  EXPECT_TRUE(s[0].stale);
  EXPECT_TRUE(dismissed(f.in.reviews[0], "head2", &f.rule));
}

TEST(Gates, RequiredStatusChecksMustBeGreenOnTheHead) {
  Fixture f;
  f.rule.required_status_checks = {"ci/eval", "ci/lint"};
  f.in.head_statuses = {{"ci/eval", "failure", {}}};
  auto unmet = unmet_gates(f.in);
  ASSERT_EQ(unmet.size(), 2U);
  EXPECT_EQ(unmet[0].context, "ci/eval");
  EXPECT_EQ(unmet[0].state, "failure");
  EXPECT_EQ(unmet[1].context, "ci/lint");
  EXPECT_EQ(unmet[1].state, "");
  f.in.head_statuses = {{"ci/eval", "success", {}}, {"ci/lint", "success", {}}};
  EXPECT_TRUE(f.gates().empty());
}

TEST(Gates, MetricGatesCompareTheHeadWithTheBase) {
  Fixture f;
  f.rule.metric_gates = {{"ci/eval", "accuracy", true, 0.01}, {"ci/eval", "loss", false, 0.0}};
  f.in.base_statuses = {{"ci/eval", "success", {{"accuracy", 0.80}, {"loss", 1.0}}}};
  f.in.head_statuses = {{"ci/eval", "success", {{"accuracy", 0.795}, {"loss", 1.0}}}};
  EXPECT_TRUE(f.gates().empty());  // within the allowed regression; loss unchanged
  f.in.head_statuses = {{"ci/eval", "success", {{"accuracy", 0.75}, {"loss", 1.2}}}};
  auto unmet = unmet_gates(f.in);
  ASSERT_EQ(unmet.size(), 2U);
  EXPECT_EQ(unmet[0].metric, "accuracy");
  EXPECT_DOUBLE_EQ(*unmet[0].base_value, 0.80);
  EXPECT_DOUBLE_EQ(*unmet[0].head_value, 0.75);
  EXPECT_EQ(unmet[0].direction, "higherIsBetter");
  EXPECT_EQ(unmet[1].metric, "loss");
  EXPECT_EQ(unmet[1].direction, "lowerIsBetter");
}

TEST(Gates, AMetricMissingOnEitherSideIsUnmet) {
  Fixture f;
  f.rule.metric_gates = {{"ci/eval", "accuracy", true, 0.0}};
  f.in.head_statuses = {{"ci/eval", "success", {{"accuracy", 0.9}}}};
  auto unmet = unmet_gates(f.in);
  ASSERT_EQ(unmet.size(), 1U);
  EXPECT_FALSE(unmet[0].base_value.has_value());
  EXPECT_NE(unmet[0].message.find("base"), std::string::npos);
  f.in.base_statuses = f.in.head_statuses;
  f.in.head_statuses = {};
  EXPECT_EQ(f.gates(), std::vector<std::string>{"metricGate"});
  f.in.head_statuses = f.in.base_statuses;
  EXPECT_TRUE(f.gates().empty());
}

TEST(Gates, ConflictsAreListed) {
  Fixture f;
  f.in.rule = nullptr;
  f.in.conflicts = {"config.json"};
  auto unmet = unmet_gates(f.in);
  ASSERT_EQ(unmet.size(), 1U);
  EXPECT_EQ(unmet[0].paths, std::vector<std::string>{"config.json"});
}

}  // namespace
}  // namespace hub::pulls

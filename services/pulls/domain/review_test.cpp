#include "services/pulls/domain/review.hpp"

#include <gtest/gtest.h>

#include "services/pulls/domain/anchors.hpp"
#include "services/pulls/domain/closing_refs.hpp"

namespace hub::pulls {
namespace {

TEST(Anchors, LinesOfAFile) {
  EXPECT_EQ(lines_of("a\nb\nc\n", 2, 3), "b\nc");
  EXPECT_EQ(lines_of("a\r\nb", 1, 1), "a");
  EXPECT_FALSE(lines_of("a\nb\n", 3, 3).has_value());
  EXPECT_FALSE(lines_of("a\nb\n", 2, 1).has_value());
  EXPECT_FALSE(lines_of("a", 0, 1).has_value());
}

TEST(Anchors, UnchangedLinesStay) {
  auto a = reanchor("x\ny\nz\n", 2, 2, "y");
  EXPECT_FALSE(a.outdated);
  EXPECT_EQ(a.first, 2);
}

TEST(Anchors, LinesMovedByAnInsertionAboveFollow) {
  auto a = reanchor("new\nnew2\nx\ny\nz\n", 2, 3, "y\nz");
  EXPECT_FALSE(a.outdated);
  EXPECT_EQ(a.first, 4);
  EXPECT_EQ(a.last, 5);
}

TEST(Anchors, TheNearestCopyWins) {
  auto a = reanchor("dup\nq\nq\nq\nq\nq\ndup\n", 6, 6, "dup");
  EXPECT_EQ(a.first, 7);
}

TEST(Anchors, ChangedLinesAreOutdated) {
  auto a = reanchor("x\nY\nz\n", 2, 2, "y");
  EXPECT_TRUE(a.outdated);
  EXPECT_EQ(a.first, 2);
}

TEST(ClosingRefs, KeywordsInAnyTenseAndCase) {
  EXPECT_EQ(closing_references("Fixes #12, closes #3 and RESOLVED: #7; resolve #3"),
            (std::vector<std::int64_t>{3, 7, 12}));
}

TEST(ClosingRefs, OtherMentionsAreNotClosings) {
  EXPECT_TRUE(closing_references("see #4, prefixes #5, fix#6, fixes #7a, fixes other/repo#8, fixes #0").empty());
}

TEST(Review, VerdictsAndSides) {
  EXPECT_EQ(parse_verdict("request_changes"), Verdict::kRequestChanges);
  EXPECT_FALSE(parse_verdict("lgtm").has_value());
  EXPECT_EQ(verdict_name(Verdict::kApprove), "approve");
  EXPECT_EQ(parse_side("LEFT"), LineSide::kOld);
  EXPECT_FALSE(parse_side("middle").has_value());
  EXPECT_FALSE(checked_body("  \n").ok());
  EXPECT_FALSE(checked_body(std::string(70000, 'a')).ok());
}

}  // namespace
}  // namespace hub::pulls

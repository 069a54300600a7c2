#include "services/pulls/domain/closing_refs.hpp"

#include <gtest/gtest.h>

namespace hub::pulls {
namespace {

using Nums = std::vector<std::int64_t>;

// The numbers of pull.merged's `closes`, which the bugs service resolves (bug N of the same repo).
TEST(ClosingRefs, TheThreeKeywordsInAnyCaseAndTense) {
  EXPECT_EQ(closing_references("fixes #12"), Nums{12});
  EXPECT_EQ(closing_references("Closes #3"), Nums{3});
  EXPECT_EQ(closing_references("RESOLVES #7"), Nums{7});
  EXPECT_EQ(closing_references("fix #1, fixed #2, close #3, closed #4, resolve #5, resolved #6"),
            (Nums{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(closing_references("Fixes: #9"), Nums{9});
  EXPECT_EQ(closing_references("a line\nFixes  #10.\nmore"), Nums{10});
  EXPECT_EQ(closing_references("fixes #4 and closes #4"), Nums{4}) << "each once";
  EXPECT_EQ(closing_references("closes #30 fixes #2"), (Nums{2, 30})) << "in ascending order";
}

TEST(ClosingRefs, WordBoundariesOnBothSides) {
  EXPECT_EQ(closing_references("prefixes #12"), Nums{});
  EXPECT_EQ(closing_references("unresolved #12"), Nums{});
  EXPECT_EQ(closing_references("fixes_ #12"), Nums{});
  EXPECT_EQ(closing_references("fixes #12abc"), Nums{});
  EXPECT_EQ(closing_references("fixes #12_"), Nums{});
  EXPECT_EQ(closing_references("fixes#12"), Nums{}) << "a space between keyword and number";
  EXPECT_EQ(closing_references("(fixes #12)"), Nums{12});
}

TEST(ClosingRefs, OnlyPlainNumbersOfTheSameRepo) {
  EXPECT_EQ(closing_references("fixes other/repo#12"), Nums{});
  EXPECT_EQ(closing_references("fixes https://hub.example/acme/bert/discussions/12"), Nums{});
  EXPECT_EQ(closing_references("see #4"), Nums{}) << "a mention closes nothing";
  EXPECT_EQ(closing_references("fixes the bug in #4"), Nums{});
  EXPECT_EQ(closing_references("fixes #0"), Nums{});
  EXPECT_EQ(closing_references("fixes #"), Nums{});
  EXPECT_EQ(closing_references("fixes #99999999999999999999"), Nums{}) << "no overflow";
}

}  // namespace
}  // namespace hub::pulls

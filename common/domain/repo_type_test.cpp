#include "common/domain/repo_type.hpp"

#include <gtest/gtest.h>

namespace hub::domain {
namespace {

TEST(RepoType, EachSpellingRoundTrips) {
  for (const RepoType t : kRepoTypes) {
    EXPECT_EQ(parse_repo_type(type_name(t)), t);
    EXPECT_EQ(parse_plural(plural(t)), t);
  }
}

TEST(RepoType, SpellingsAreTheHubs) {
  EXPECT_EQ(type_name(RepoType::kDataset), "dataset");
  EXPECT_EQ(plural(RepoType::kSpace), "spaces");
  EXPECT_EQ(web_prefix(RepoType::kModel), "");
  EXPECT_EQ(web_prefix(RepoType::kDataset), "datasets/");
  EXPECT_EQ(web_prefix(RepoType::kSpace), "spaces/");
}

TEST(RepoType, OtherWordsAreRefused) {
  EXPECT_EQ(parse_repo_type("models"), std::nullopt);  // the plural is not the singular
  EXPECT_EQ(parse_repo_type("Model"), std::nullopt);
  EXPECT_EQ(parse_repo_type(""), std::nullopt);
  EXPECT_EQ(parse_plural("model"), std::nullopt);
  EXPECT_EQ(parse_plural("org"), std::nullopt);
}

}  // namespace
}  // namespace hub::domain

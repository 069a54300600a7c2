#include "services/pulls/domain/card_diff.hpp"

#include <gtest/gtest.h>

namespace hub::pulls {
namespace {

std::string card(std::string_view accuracy, std::string_view f1 = "0.70") {
  return "---\nlicense: mit\nmodel-index:\n- name: my-model\n  results:\n  - task:\n      type: text-classification\n"
         "      name: Text Classification\n    dataset:\n      type: glue\n      name: GLUE\n      config: sst2\n"
         "      split: validation\n    metrics:\n    - type: accuracy\n      name: Accuracy\n      value: " +
         std::string(accuracy) + "\n    - type: f1\n      value: " + std::string(f1) + "\n---\n# My model\n";
}

TEST(CardDiff, AMetricChangeIsOneChange) {
  const FileKeyDiff d = card_key_diff("README.md", card("0.81"), card("0.84"));
  ASSERT_TRUE(d.errors.empty()) << d.errors.front();
  ASSERT_EQ(d.changes.size(), 1U);
  EXPECT_EQ(d.changes[0].path,
            "/model-index/results/text-classification/glue/GLUE/sst2/validation/metrics/accuracy/Accuracy/value");
  EXPECT_EQ(d.changes[0].kind, KeyChangeKind::kChanged);
  EXPECT_EQ(d.changes[0].before, "0.81");
  EXPECT_EQ(d.changes[0].after, "0.84");
}

TEST(CardDiff, AMetricWithoutANameAndANewMetric) {
  const std::string extra = card("0.81", "0.70\n    - type: loss\n      value: 1.5");
  const FileKeyDiff d = card_key_diff("README.md", card("0.81", "0.70"), extra);
  ASSERT_EQ(d.changes.size(), 1U);
  EXPECT_EQ(d.changes[0].path, "/model-index/results/text-classification/glue/GLUE/sst2/validation/metrics/loss");
  EXPECT_EQ(d.changes[0].kind, KeyChangeKind::kAdded);
  EXPECT_EQ(d.changes[0].after, R"({"":{"value":1.5}})");
  const FileKeyDiff f1 = card_key_diff("README.md", card("0.81", "0.70"), card("0.81", "0.75"));
  ASSERT_EQ(f1.changes.size(), 1U);
  EXPECT_EQ(f1.changes[0].path, "/model-index/results/text-classification/glue/GLUE/sst2/validation/metrics/f1//value");
}

TEST(CardDiff, OtherKeysCompareLikeAConfig) {
  std::string after = card("0.81");
  after.replace(after.find("license: mit"), 12, "license: apache-2.0\ntags: [a]");
  const FileKeyDiff d = card_key_diff("README.md", card("0.81"), after);
  ASSERT_EQ(d.changes.size(), 2U);
  EXPECT_EQ(d.changes[0].path, "/license");
  EXPECT_EQ(d.changes[0].after, R"("apache-2.0")");
  EXPECT_EQ(d.changes[1].path, "/tags");
  EXPECT_EQ(d.changes[1].kind, KeyChangeKind::kAdded);
}

TEST(CardDiff, TheModelsNameIsComparedApart) {
  std::string after = card("0.81");
  after.replace(after.find("my-model"), 8, "renamed");
  const FileKeyDiff d = card_key_diff("README.md", card("0.81"), after);
  ASSERT_EQ(d.changes.size(), 1U);
  EXPECT_EQ(d.changes[0].path, "/model-index/models");
  EXPECT_EQ(d.changes[0].before, R"([{"name":"my-model"}])");
}

// Found by fuzzing (tests/fuzz/card_diff): a result whose task or dataset is null was read through
// a null pointer.
TEST(CardDiff, AResultWithANullTaskOrDataset) {
  const std::string before =
      "---\nmodel-index:\n- results:\n  - task:\n    dataset: ~\n    metrics:\n"
      "    - type: acc\n      value: 1\n---\n";
  std::string after = before;
  after.replace(after.find("value: 1"), 8, "value: 2");
  const FileKeyDiff d = card_key_diff("README.md", before, after);
  ASSERT_TRUE(d.errors.empty()) << d.errors.front();
  ASSERT_EQ(d.changes.size(), 1U);
  EXPECT_EQ(d.changes[0].path, "/model-index/results//////metrics/acc//value");
}

TEST(CardDiff, AModelIndexOfAnotherShapeComparesWhole) {
  const FileKeyDiff d = card_key_diff("README.md", "---\nmodel-index: 3\n---\n", "---\nmodel-index: [1]\n---\n");
  ASSERT_EQ(d.changes.size(), 1U);
  EXPECT_EQ(d.changes[0].path, "/model-index");
  EXPECT_EQ(d.changes[0].before, "3");
  EXPECT_EQ(d.changes[0].after, "[1]");
}

TEST(CardDiff, NoReadmeOrNoFrontMatterIsNoMetadata) {
  const FileKeyDiff d = card_key_diff("README.md", std::nullopt, "---\nlicense: mit\n---\n");
  ASSERT_EQ(d.changes.size(), 1U);
  EXPECT_EQ(d.changes[0].kind, KeyChangeKind::kAdded);
  EXPECT_TRUE(card_key_diff("README.md", "# just text\n", std::nullopt).changes.empty());
}

TEST(CardDiff, BadYamlIsAnError) {
  const FileKeyDiff d = card_key_diff("README.md", "---\na: [unclosed\n---\n", "---\na: 1\n---\n");
  EXPECT_TRUE(d.changes.empty());
  ASSERT_EQ(d.errors.size(), 1U);
  EXPECT_EQ(d.errors[0].rfind("base: ", 0), 0U);
}

TEST(CardDiff, TheCardIsTheRootReadme) {
  EXPECT_TRUE(is_model_card_path("README.md"));
  EXPECT_FALSE(is_model_card_path("docs/README.md"));
}

}  // namespace
}  // namespace hub::pulls

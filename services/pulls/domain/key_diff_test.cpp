#include "services/pulls/domain/key_diff.hpp"

#include <gtest/gtest.h>

namespace hub::pulls {
namespace {

std::vector<KeyChange> diff_of(std::string_view before, std::string_view after) {
  auto d = config_key_diff("config.json", before, after);
  EXPECT_TRUE(d.errors.empty()) << d.errors.front();
  return d.changes;
}

TEST(KeyDiff, NestedAddRemoveAndChange) {
  const auto changes = diff_of(
      R"({"hidden_size":768,"rope_scaling":{"type":"linear","factor":2.0},"torch_dtype":"float32","old":true})",
      R"({"hidden_size":1024,"rope_scaling":{"type":"linear","factor":2.0,"original_max":4096},"torch_dtype":"float32",)"
      R"("quantization_config":{"bits":4}})");
  ASSERT_EQ(changes.size(), 4U);
  EXPECT_EQ(changes[0].path, "/hidden_size");
  EXPECT_EQ(changes[0].kind, KeyChangeKind::kChanged);
  EXPECT_EQ(changes[0].before, "768");
  EXPECT_EQ(changes[0].after, "1024");
  EXPECT_EQ(changes[1].path, "/old");
  EXPECT_EQ(changes[1].kind, KeyChangeKind::kRemoved);
  EXPECT_EQ(changes[1].before, "true");
  EXPECT_FALSE(changes[1].after);
  EXPECT_EQ(changes[2].path, "/quantization_config");
  EXPECT_EQ(changes[2].kind, KeyChangeKind::kAdded);
  EXPECT_FALSE(changes[2].before);
  EXPECT_EQ(changes[2].after, R"({"bits":4})");
  EXPECT_EQ(changes[3].path, "/rope_scaling/original_max");
  EXPECT_EQ(changes[3].kind, KeyChangeKind::kAdded);
}

TEST(KeyDiff, DeepNestingAndPointerEscapes) {
  const auto changes = diff_of(R"({"a":{"b/c":{"d~e":1}}})", R"({"a":{"b/c":{"d~e":2}}})");
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].path, "/a/b~1c/d~0e");
}

TEST(KeyDiff, ArraysAreWholeValues) {
  const auto changes = diff_of(R"({"architectures":["LlamaForCausalLM"],"ids":[1,2]})",
                               R"({"architectures":["MistralForCausalLM"],"ids":[1,2]})");
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].path, "/architectures");
  EXPECT_EQ(changes[0].before, R"(["LlamaForCausalLM"])");
  EXPECT_EQ(changes[0].after, R"(["MistralForCausalLM"])");
}

TEST(KeyDiff, EqualValuesWrittenDifferentlyAreNoChange) {
  EXPECT_TRUE(diff_of(R"({"x":[{"a":1,"b":2}],"y":1})", R"({"y":1.0,"x":[{"b":2,"a":1}]})").empty());
}

// Found by fuzzing (tests/fuzz/card_diff): with a key twice, a document did not equal itself.
TEST(KeyDiff, AKeyTwiceCountsOnceWithItsLastValue) {
  EXPECT_TRUE(diff_of(R"({"a":[{"s":1,"s":2}],"b":1,"b":2})", R"({"a":[{"s":1,"s":2}],"b":1,"b":2})").empty());
  const auto changes = diff_of(R"({"b":1,"b":2})", R"({"b":2})");
  EXPECT_TRUE(changes.empty()) << "the last value is the value";
  const auto changed = diff_of(R"({"x":{"b":1,"b":2}})", R"({"x":{"b":1}})");
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].path, "/x/b");
  EXPECT_EQ(changed[0].before, "2");
}

TEST(KeyDiff, ATypeChangeIsOneChange) {
  const auto changes = diff_of(R"({"eos_token_id":2})", R"({"eos_token_id":[2,32000]})");
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].kind, KeyChangeKind::kChanged);
}

TEST(KeyDiff, AnAddedFileIsEachOfItsKeysAdded) {
  auto d = config_key_diff("adapter_config.json", std::nullopt, R"({"r":8,"lora_alpha":16})");
  ASSERT_EQ(d.changes.size(), 2U);
  EXPECT_EQ(d.changes[0].path, "/lora_alpha");
  EXPECT_EQ(d.changes[0].kind, KeyChangeKind::kAdded);
  auto gone = config_key_diff("adapter_config.json", R"({"r":8})", std::nullopt);
  ASSERT_EQ(gone.changes.size(), 1U);
  EXPECT_EQ(gone.changes[0].kind, KeyChangeKind::kRemoved);
}

TEST(KeyDiff, AnUnreadableSideIsAnError) {
  auto d = config_key_diff("config.json", R"({"a":1})", "{broken");
  EXPECT_TRUE(d.changes.empty());
  ASSERT_EQ(d.errors.size(), 1U);
  EXPECT_EQ(d.errors[0].rfind("head: invalid JSON", 0), 0U) << d.errors[0];
}

TEST(KeyDiff, NonObjectDocumentsCompareWhole) {
  json::Document a, b;
  a.Parse("[1]");
  b.Parse("[2]");
  const auto changes = key_diff(a, b);
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].path, "");
}

TEST(KeyDiff, WhichFilesAreConfigs) {
  EXPECT_TRUE(is_config_path("config.json"));
  EXPECT_TRUE(is_config_path("text_encoder/config.json"));
  EXPECT_TRUE(is_config_path("generation_config.json"));
  EXPECT_TRUE(is_config_path("tokenizer_config.json"));
  EXPECT_TRUE(is_config_path("adapter_config.json"));
  EXPECT_FALSE(is_config_path("tokenizer.json"));
  EXPECT_FALSE(is_config_path("myconfig.json"));
}

}  // namespace
}  // namespace hub::pulls

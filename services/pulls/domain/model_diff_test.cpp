#include "services/pulls/domain/model_diff.hpp"

#include <gtest/gtest.h>

namespace hub::pulls {
namespace {

TensorRecord tensor(std::string name, std::string dtype, std::vector<std::uint64_t> shape, std::string sha) {
  return TensorRecord{std::move(name), std::move(dtype), std::move(shape), std::move(sha)};
}

SafetensorsFile file(std::string path, std::vector<TensorRecord> tensors) {
  return SafetensorsFile{std::move(path), std::move(tensors), std::nullopt};
}

SafetensorsFile broken(std::string path, std::string error) {
  return SafetensorsFile{std::move(path), {}, std::move(error)};
}

ModelChanges only_model(ModelDiff diff) {
  EXPECT_EQ(diff.models.size(), 1U);
  return std::move(diff.models.at(0));
}

TEST(ModelDiff, UnchangedTensorsSayNothing) {
  const ModelFiles side{{file("model.safetensors", {tensor("w", "F32", {2, 2}, "aa")})}, {}};
  const ModelChanges m = only_model(diff_models(side, side));
  EXPECT_EQ(m.directory, "");
  EXPECT_EQ(m.files, (std::vector<std::string>{"model.safetensors"}));
  EXPECT_TRUE(m.added.empty() && m.removed.empty() && m.dtype_changed.empty() && m.shape_changed.empty() &&
              m.bytes_changed.empty() && m.moved.empty() && m.renamed.empty() && m.errors.empty() &&
              m.problems.empty());
  EXPECT_TRUE(m.complete);
  EXPECT_EQ(m.parameters.before, 4U);
  EXPECT_EQ(m.parameters.delta, 0);
}

TEST(ModelDiff, ADtypeChange) {
  const ModelFiles base{{file("model.safetensors", {tensor("w", "F32", {4}, "aa")})}, {}};
  const ModelFiles head{{file("model.safetensors", {tensor("w", "BF16", {4}, "bb")})}, {}};
  const ModelChanges m = only_model(diff_models(base, head));
  ASSERT_EQ(m.dtype_changed.size(), 1U);
  EXPECT_EQ(m.dtype_changed[0].name, "w");
  EXPECT_EQ(m.dtype_changed[0].before, "F32");
  EXPECT_EQ(m.dtype_changed[0].after, "BF16");
  EXPECT_TRUE(m.bytes_changed.empty()) << "a new dtype is new bytes: said once";
  EXPECT_TRUE(m.added.empty() && m.removed.empty());
  EXPECT_EQ(m.parameters.delta, 0);
}

TEST(ModelDiff, AShapeChange) {
  const ModelFiles base{{file("model.safetensors", {tensor("embed", "F16", {100, 8}, "aa")})}, {}};
  const ModelFiles head{{file("model.safetensors", {tensor("embed", "F16", {120, 8}, "bb")})}, {}};
  const ModelChanges m = only_model(diff_models(base, head));
  ASSERT_EQ(m.shape_changed.size(), 1U);
  EXPECT_EQ(m.shape_changed[0].before, (std::vector<std::uint64_t>{100, 8}));
  EXPECT_EQ(m.shape_changed[0].after, (std::vector<std::uint64_t>{120, 8}));
  EXPECT_TRUE(m.bytes_changed.empty());
  EXPECT_EQ(m.parameters.before, 800U);
  EXPECT_EQ(m.parameters.after, 960U);
  EXPECT_EQ(m.parameters.delta, 160);
}

TEST(ModelDiff, BytesChangedUnderTheSameHeader) {
  const ModelFiles base{{file("model.safetensors", {tensor("w", "F32", {4}, "aa"), tensor("b", "F32", {4}, "cc")})},
                        {}};
  const ModelFiles head{{file("model.safetensors", {tensor("w", "F32", {4}, "bb"), tensor("b", "F32", {4}, "cc")})},
                        {}};
  const ModelChanges m = only_model(diff_models(base, head));
  ASSERT_EQ(m.bytes_changed.size(), 1U);
  EXPECT_EQ(m.bytes_changed[0].name, "w");
  EXPECT_EQ(m.bytes_changed[0].file, "model.safetensors");
  EXPECT_EQ(m.bytes_changed[0].before_sha256, "aa");
  EXPECT_EQ(m.bytes_changed[0].after_sha256, "bb");
  EXPECT_TRUE(m.dtype_changed.empty() && m.shape_changed.empty());
}

TEST(ModelDiff, AddedAndRemovedWithTheParameterDelta) {
  const ModelFiles base{
      {file("model.safetensors", {tensor("a", "F32", {4}, "aa"), tensor("old", "F32", {3, 3}, "oo")})}, {}};
  const ModelFiles head{
      {file("model.safetensors", {tensor("a", "F32", {4}, "aa"), tensor("lora_A", "F32", {2, 8}, "nn")})}, {}};
  const ModelChanges m = only_model(diff_models(base, head));
  ASSERT_EQ(m.added.size(), 1U);
  EXPECT_EQ(m.added[0].tensor.name, "lora_A");
  EXPECT_EQ(m.added[0].file, "model.safetensors");
  ASSERT_EQ(m.removed.size(), 1U);
  EXPECT_EQ(m.removed[0].tensor.name, "old");
  EXPECT_EQ(m.removed[0].tensor.shape, (std::vector<std::uint64_t>{3, 3}));
  EXPECT_TRUE(m.renamed.empty()) << "other bytes: not a rename";
  EXPECT_EQ(m.parameters.before, 13U);
  EXPECT_EQ(m.parameters.after, 20U);
  EXPECT_EQ(m.parameters.delta, 7);
}

TEST(ModelDiff, ANewFileAddsItsTensorsAndAGoneFileRemovesThem) {
  const ModelFiles base{{file("old/model.safetensors", {tensor("w", "F32", {10}, "aa")})}, {}};
  const ModelFiles head{{file("new/model.safetensors", {tensor("v", "F32", {2}, "bb")})}, {}};
  const ModelDiff diff = diff_models(base, head);
  ASSERT_EQ(diff.models.size(), 2U);
  EXPECT_EQ(diff.models[0].directory, "new");
  EXPECT_EQ(diff.models[0].added.size(), 1U);
  EXPECT_EQ(diff.models[0].parameters.delta, 2);
  EXPECT_EQ(diff.models[1].directory, "old");
  EXPECT_EQ(diff.models[1].removed.size(), 1U);
  EXPECT_EQ(diff.models[1].parameters.delta, -10);
}

TEST(ModelDiff, ATensorMovedBetweenShards) {
  const ShardIndex base_index{"model.safetensors.index.json",
                              {{"a", "model-00001-of-00002.safetensors"}, {"b", "model-00001-of-00002.safetensors"}},
                              std::nullopt};
  const ShardIndex head_index{"model.safetensors.index.json",
                              {{"a", "model-00001-of-00002.safetensors"}, {"b", "model-00002-of-00002.safetensors"}},
                              std::nullopt};
  const ModelFiles base{
      {file("model-00001-of-00002.safetensors", {tensor("a", "F32", {4}, "aa"), tensor("b", "F32", {4}, "bb")}),
       file("model-00002-of-00002.safetensors", {})},
      {base_index}};
  const ModelFiles head{{file("model-00001-of-00002.safetensors", {tensor("a", "F32", {4}, "aa")}),
                         file("model-00002-of-00002.safetensors", {tensor("b", "F32", {4}, "bb")})},
                        {head_index}};
  const ModelChanges m = only_model(diff_models(base, head));
  ASSERT_EQ(m.moved.size(), 1U);
  EXPECT_EQ(m.moved[0].name, "b");
  EXPECT_EQ(m.moved[0].from_file, "model-00001-of-00002.safetensors");
  EXPECT_EQ(m.moved[0].to_file, "model-00002-of-00002.safetensors");
  EXPECT_TRUE(m.added.empty() && m.removed.empty() && m.bytes_changed.empty());
  EXPECT_TRUE(m.problems.empty()) << m.problems.front();
  EXPECT_EQ(m.files.size(), 3U) << "both shards and the index";
  EXPECT_EQ(m.parameters.delta, 0);
}

TEST(ModelDiff, ATensorRenamed) {
  const ModelFiles base{
      {file("model.safetensors", {tensor("transformer.h.0.w", "F16", {4, 4}, "same"),
                                  tensor("zeros_a", "F16", {2}, "z"), tensor("zeros_b", "F16", {2}, "z")})},
      {}};
  const ModelFiles head{
      {file("model.safetensors", {tensor("model.layers.0.w", "F16", {4, 4}, "same"), tensor("zeros_c", "F16", {2}, "z"),
                                  tensor("zeros_b", "F16", {2}, "z")})},
      {}};
  const ModelChanges m = only_model(diff_models(base, head));
  ASSERT_EQ(m.renamed.size(), 2U);
  EXPECT_EQ(m.renamed[0].from, "transformer.h.0.w");
  EXPECT_EQ(m.renamed[0].to, "model.layers.0.w");
  EXPECT_EQ(m.renamed[0].sha256, "same");
  EXPECT_EQ(m.renamed[1].from, "zeros_a");
  EXPECT_EQ(m.renamed[1].to, "zeros_c");
  EXPECT_TRUE(m.added.empty() && m.removed.empty());
  EXPECT_EQ(m.parameters.delta, 0);
}

TEST(ModelDiff, SameBytesButAnotherShapeIsNoRename) {
  const ModelFiles base{{file("model.safetensors", {tensor("a", "F32", {2, 2}, "x")})}, {}};
  const ModelFiles head{{file("model.safetensors", {tensor("b", "F32", {4}, "x")})}, {}};
  const ModelChanges m = only_model(diff_models(base, head));
  EXPECT_TRUE(m.renamed.empty());
  EXPECT_EQ(m.added.size(), 1U);
  EXPECT_EQ(m.removed.size(), 1U);
}

TEST(ModelDiff, AMalformedFileIsReportedAndComparedOnNeitherSide) {
  const ModelFiles base{{file("model-00001.safetensors", {tensor("a", "F32", {4}, "aa")}),
                         file("model-00002.safetensors", {tensor("b", "F32", {4}, "bb")})},
                        {}};
  const ModelFiles head{{file("model-00001.safetensors", {tensor("a", "F32", {4}, "a2")}),
                         broken("model-00002.safetensors", "the header length 0 is too short")},
                        {}};
  const ModelChanges m = only_model(diff_models(base, head));
  ASSERT_EQ(m.errors.size(), 1U);
  EXPECT_EQ(m.errors[0].path, "model-00002.safetensors");
  EXPECT_EQ(m.errors[0].side, Side::kHead);
  EXPECT_EQ(m.errors[0].error, "the header length 0 is too short");
  EXPECT_FALSE(m.complete);
  EXPECT_TRUE(m.removed.empty()) << "b is not known to be gone";
  EXPECT_EQ(m.bytes_changed.size(), 1U) << "the readable shard is still compared";
  EXPECT_EQ(m.parameters.before, 4U);
  EXPECT_EQ(m.parameters.delta, 0);
}

TEST(ModelDiff, ShardsGoWithTheirIndexAndModelsWithTheirFolder) {
  const ShardIndex index{"text/model.safetensors.index.json", {{"w", "weights/part1.safetensors"}}, std::nullopt};
  const ModelFiles base{{}, {}};
  const ModelFiles head{{file("text/weights/part1.safetensors", {tensor("w", "F32", {1}, "a")}),
                         file("vae/diffusion_pytorch_model.safetensors", {tensor("conv", "F32", {1}, "b")})},
                        {index}};
  const ModelDiff diff = diff_models(base, head);
  ASSERT_EQ(diff.models.size(), 2U);
  EXPECT_EQ(diff.models[0].directory, "text");
  EXPECT_EQ(diff.models[0].files,
            (std::vector<std::string>{"text/model.safetensors.index.json", "text/weights/part1.safetensors"}));
  EXPECT_EQ(diff.models[1].directory, "vae");
}

TEST(ModelDiff, AnIndexThatDisagreesWithItsShardsIsAProblem) {
  const ShardIndex index{"model.safetensors.index.json",
                         {{"a", "s1.safetensors"}, {"b", "s2.safetensors"}, {"ghost", "s1.safetensors"}},
                         std::nullopt};
  const ModelFiles head{{file("s1.safetensors", {tensor("a", "F32", {1}, "x"), tensor("b", "F32", {1}, "y"),
                                                 tensor("stray", "F32", {1}, "z")})},
                        {index}};
  const ModelChanges m = only_model(diff_models(ModelFiles{}, head));
  EXPECT_EQ(m.problems,
            (std::vector<std::string>{
                R"(head: model.safetensors.index.json puts "b" in s2.safetensors, but s1.safetensors holds it)",
                R"(head: model.safetensors.index.json does not name "stray", which s1.safetensors holds)",
                R"(head: model.safetensors.index.json puts "ghost" in s1.safetensors, which does not hold it)"}));
}

TEST(ModelDiff, ATensorInTwoShardsIsAProblem) {
  const ModelFiles head{
      {file("a.safetensors", {tensor("w", "F32", {1}, "x")}), file("b.safetensors", {tensor("w", "F32", {1}, "y")})},
      {}};
  const ModelChanges m = only_model(diff_models(ModelFiles{}, head));
  EXPECT_EQ(m.problems, (std::vector<std::string>{R"(head: tensor "w" is in both a.safetensors and b.safetensors)"}));
  ASSERT_EQ(m.added.size(), 1U);
  EXPECT_EQ(m.added[0].file, "a.safetensors");
}

TEST(ModelDiff, AMalformedIndexIsAnError) {
  const ShardIndex index{"model.safetensors.index.json", {}, "the index has no weight_map object"};
  const ModelChanges m = only_model(diff_models(ModelFiles{}, ModelFiles{{}, {index}}));
  ASSERT_EQ(m.errors.size(), 1U);
  EXPECT_EQ(m.errors[0].error, "the index has no weight_map object");
}

TEST(ModelDiff, PathsItReads) {
  EXPECT_TRUE(is_safetensors_path("unet/diffusion_pytorch_model.safetensors"));
  EXPECT_FALSE(is_safetensors_path("model.safetensors.index.json"));
  EXPECT_TRUE(is_shard_index_path("model.safetensors.index.json"));
  EXPECT_FALSE(is_shard_index_path("pytorch_model.bin.index.json"));
}

}  // namespace
}  // namespace hub::pulls

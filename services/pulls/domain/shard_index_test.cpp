#include "services/pulls/domain/shard_index.hpp"

#include <gtest/gtest.h>

namespace hub::pulls {
namespace {

TEST(ShardIndex, ReadsTheWeightMap) {
  auto map = parse_weight_map(
      R"({"metadata":{"total_size":32},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"sub/model-00002-of-00002.safetensors"}})");
  ASSERT_TRUE(map) << map.error();
  EXPECT_EQ(map->size(), 2U);
  EXPECT_EQ(map->at("a"), "model-00001-of-00002.safetensors");
  EXPECT_EQ(map->at("b"), "sub/model-00002-of-00002.safetensors");
}

TEST(ShardIndex, WhatIsNotAnIndexSaysWhy) {
  EXPECT_EQ(parse_weight_map("[]").error(), "the index is not a JSON object");
  EXPECT_EQ(parse_weight_map(R"({"metadata":{}})").error(), "the index has no weight_map object");
  EXPECT_EQ(parse_weight_map(R"({"weight_map":{"a":1}})").error(), R"(weight_map["a"] is not a file name)");
  EXPECT_EQ(parse_weight_map(R"({"weight_map":{"a":"../other/x.safetensors"}})").error(),
            R"(weight_map["a"] names "../other/x.safetensors", not a file below the index's folder)");
  EXPECT_FALSE(parse_weight_map(R"({"weight_map":{"a":"/etc/x.safetensors"}})"));
  EXPECT_FALSE(parse_weight_map(R"({"weight_map":{"a":""}})"));
  EXPECT_EQ(parse_weight_map("{oops").error().rfind("invalid JSON", 0), 0U);
}

}  // namespace
}  // namespace hub::pulls

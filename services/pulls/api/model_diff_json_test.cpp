#include "services/pulls/api/model_diff_json.hpp"

#include <gtest/gtest.h>

namespace hub::pulls {
namespace {

TEST(ModelDiffJson, RendersEveryListInCamelCase) {
  const ModelFiles base{{SafetensorsFile{"model.safetensors",
                                         {TensorRecord{"w", "F32", {2, 2}, "aa"}, TensorRecord{"old", "F32", {3}, "o"}},
                                         std::nullopt},
                         SafetensorsFile{"broken.safetensors", {}, "the header length is 0"}},
                        {}};
  const ModelFiles head{{SafetensorsFile{"model.safetensors",
                                         {TensorRecord{"w", "F16", {2, 2}, "bb"}, TensorRecord{"new", "F32", {3}, "o"}},
                                         std::nullopt}},
                        {}};
  auto doc = json::parse_object(model_diff_json(diff_models(base, head)));
  ASSERT_TRUE(doc) << doc.error();
  const json::Value& m = doc.value()["models"][0];
  EXPECT_EQ(std::string(m["directory"].GetString()), "");
  EXPECT_FALSE(m["complete"].GetBool());
  EXPECT_EQ(std::string(m["dtypeChanged"][0]["before"].GetString()), "F32");
  EXPECT_EQ(std::string(m["dtypeChanged"][0]["after"].GetString()), "F16");
  EXPECT_EQ(std::string(m["renamed"][0]["from"].GetString()), "old");
  EXPECT_EQ(std::string(m["renamed"][0]["to"].GetString()), "new");
  EXPECT_EQ(std::string(m["renamed"][0]["toFile"].GetString()), "model.safetensors");
  for (const char* list : {"added", "removed", "shapeChanged", "bytesChanged", "moved", "problems"})
    EXPECT_TRUE(m[list].IsArray() && m[list].Empty()) << list;
  EXPECT_EQ(m["parameterCount"]["before"].GetUint64(), 7U);
  EXPECT_EQ(m["parameterCount"]["delta"].GetInt64(), 0);
  EXPECT_EQ(std::string(m["errors"][0]["path"].GetString()), "broken.safetensors");
  EXPECT_EQ(std::string(m["errors"][0]["side"].GetString()), "base");
  EXPECT_EQ(std::string(m["errors"][0]["error"].GetString()), "the header length is 0");
}

TEST(ModelDiffJson, AddedTensorsCarryTheirParameters) {
  const ModelFiles head{{SafetensorsFile{"m.safetensors", {TensorRecord{"w", "BF16", {4, 8}, "cc"}}, std::nullopt}},
                        {}};
  auto doc = json::parse_object(model_diff_json(diff_models(ModelFiles{}, head)));
  ASSERT_TRUE(doc);
  const json::Value& added = doc.value()["models"][0]["added"][0];
  EXPECT_EQ(std::string(added["name"].GetString()), "w");
  EXPECT_EQ(std::string(added["file"].GetString()), "m.safetensors");
  EXPECT_EQ(added["shape"].Size(), 2U);
  EXPECT_EQ(added["parameters"].GetUint64(), 32U);
  EXPECT_EQ(std::string(added["sha256"].GetString()), "cc");
  EXPECT_EQ(doc.value()["models"][0]["parameterCount"]["delta"].GetInt64(), 32);
}

TEST(ModelDiffJson, KeyChangesCarryTheValuesThemselves) {
  const std::string text =
      key_diffs_json({config_key_diff("config.json", R"({"a":1,"b":{"c":"x"}})", R"({"a":2,"d":[1]})")});
  auto doc = json::parse(text);
  ASSERT_TRUE(doc) << text;
  const json::Value& file = doc.value()[0];
  EXPECT_EQ(std::string(file["path"].GetString()), "config.json");
  const json::Value& changes = file["changes"];
  ASSERT_EQ(changes.Size(), 3U);
  EXPECT_EQ(std::string(changes[0]["kind"].GetString()), "changed");
  EXPECT_EQ(changes[0]["old"].GetInt(), 1);
  EXPECT_EQ(changes[0]["new"].GetInt(), 2);
  EXPECT_EQ(std::string(changes[1]["path"].GetString()), "/b");
  EXPECT_EQ(std::string(changes[1]["kind"].GetString()), "removed");
  EXPECT_TRUE(changes[1]["old"].IsObject());
  EXPECT_FALSE(changes[1].HasMember("new"));
  EXPECT_EQ(std::string(changes[2]["kind"].GetString()), "added");
  EXPECT_FALSE(changes[2].HasMember("old"));
  EXPECT_TRUE(changes[2]["new"].IsArray());
  EXPECT_TRUE(file["errors"].Empty());
}

}  // namespace
}  // namespace hub::pulls

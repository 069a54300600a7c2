#include "common/domain/yaml_metadata.hpp"

#include <gtest/gtest.h>

#include "common/json/json.hpp"

namespace hub::domain {
namespace {

TEST(YamlMetadata, FrontMatterIsTheBlockBetweenTheDashes) {
  EXPECT_EQ(front_matter("---\nlicense: mit\n---\n# Title\n"), "license: mit\n");
  EXPECT_EQ(front_matter("\xEF\xBB\xBF---\r\na: 1\r\n---\r\n"), "a: 1\r\n");
  EXPECT_FALSE(front_matter("# no metadata\n"));
  EXPECT_FALSE(front_matter("---\nnever closed\n"));
}

TEST(YamlMetadata, ScalarsBecomeTypedJson) {
  auto r = yaml_metadata("license: mit\ntags: [a, b]\nn: 12\nx: 1.5\nok: true\nnone: null\n");
  ASSERT_TRUE(r.json) << (r.errors.empty() ? "" : r.errors[0]);
  auto doc = json::parse_object(*r.json);
  ASSERT_TRUE(doc) << *r.json;
  EXPECT_EQ(std::string(doc.value()["license"].GetString()), "mit");
  EXPECT_EQ(doc.value()["n"].GetInt64(), 12);
  EXPECT_TRUE(doc.value()["ok"].GetBool());
  EXPECT_EQ(doc.value()["tags"].Size(), 2U);
}

// Found by fuzzing (tests/fuzz/model_card): a number past what a double holds was written as
// infinity, which JSON cannot say, and the document came out broken. Such values stay text, and an
// integer past int64 is not clamped.
TEST(YamlMetadata, NumbersJsonCannotHoldStayText) {
  auto r = yaml_metadata("big: 1e999\nhuge: 123456789012345678901234567890\nneg: -1e999\n");
  ASSERT_TRUE(r.json);
  auto doc = json::parse_object(*r.json);
  ASSERT_TRUE(doc) << *r.json;
  EXPECT_EQ(std::string(doc.value()["big"].GetString()), "1e999");
  EXPECT_FALSE(doc.value()["huge"].IsInt64()) << *r.json;
}

// Found by fuzzing (tests/fuzz/model_card/nul-escape): YAML's "\0" escape gives a NUL, which the
// hub's JSON parser and PostgreSQL's jsonb both refuse; the card says why instead.
TEST(YamlMetadata, ANulInAStringOrKeyIsRefusedWithAReason) {
  for (const char* yaml : {"a: \"x\\0y\"\n", "\"\\0\": 1\n", "a: [\"\\x00\"]\n"}) {
    auto r = yaml_metadata(yaml);
    EXPECT_FALSE(r.json) << yaml << " gave " << r.json.value_or("");
    ASSERT_FALSE(r.errors.empty()) << yaml;
    EXPECT_NE(r.errors[0].find("NUL"), std::string::npos) << r.errors[0];
  }
}

TEST(YamlMetadata, RefusesWhatIsNotAMapping) {
  EXPECT_FALSE(yaml_metadata("- a\n- b\n").json);
  EXPECT_FALSE(yaml_metadata("a: [unclosed\n").json);
  EXPECT_FALSE(yaml_metadata("a: &x 1\nb: *x\n").json) << "aliases are refused";
}

}  // namespace
}  // namespace hub::domain

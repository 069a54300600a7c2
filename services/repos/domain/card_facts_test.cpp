#include "services/repos/domain/card_facts.hpp"

#include <gtest/gtest.h>

#include "tests/support/json_object.hpp"

namespace hub::repos {
namespace {

CardFacts of(const std::string& card_json) {
  return card_facts(test::json_object(card_json));
}

TEST(CardFacts, TagsAreDerivedAsTheHubDoes) {
  const CardFacts f = of(R"({"tags":["bert","nlp"],"library_name":"transformers","pipeline_tag":"fill-mask",
                             "license":"apache-2.0","datasets":["wikipedia","bookcorpus"],"language":["en","fr"]})");
  EXPECT_EQ(f.tags, (std::vector<std::string>{"bert", "nlp", "transformers", "fill-mask", "license:apache-2.0",
                                              "dataset:wikipedia", "dataset:bookcorpus", "en", "fr"}));
  EXPECT_EQ(f.pipeline_tag, "fill-mask");
  EXPECT_EQ(f.library_name, "transformers");
  EXPECT_EQ(f.languages, (std::vector<std::string>{"en", "fr"}));
}

TEST(CardFacts, SingleValuesAndRepeatsAreTakenOnce) {
  const CardFacts f = of(R"({"tags":"nlp","language":"en","library_name":"nlp","license":"mit"})");
  EXPECT_EQ(f.tags, (std::vector<std::string>{"nlp", "license:mit", "en"}));
}

TEST(CardFacts, FieldsOfTheWrongTypeAreLeftOut) {
  const CardFacts f = of(R"({"tags":[1,{"a":2},"ok",""],"pipeline_tag":7,"language":{"en":true},"sdk":"gradio"})");
  EXPECT_EQ(f.tags, (std::vector<std::string>{"ok"}));
  EXPECT_EQ(f.pipeline_tag, std::nullopt);
  EXPECT_TRUE(f.languages.empty());
  EXPECT_EQ(f.sdk, "gradio");
}

TEST(CardFacts, AHugeCardKeepsAHundredTags) {
  std::string card = R"({"tags":[)";
  for (int i = 0; i < 500; ++i)
    card += (i ? "," : "") + std::string("\"t") + std::to_string(i) + "\"";
  card += "]}";
  EXPECT_EQ(of(card).tags.size(), 100u);
}

}  // namespace
}  // namespace hub::repos

#include "common/util/enum_names.hpp"

#include <gtest/gtest.h>

namespace hub::util {
namespace {

enum class Colour { kRed, kGreen, kBlue };

// Green first, so the fallback is not simply the enum's first value; "grey" is a second word for it.
constexpr EnumNames<Colour, 4> kColours = {
    {{Colour::kGreen, "green"}, {Colour::kRed, "red"}, {Colour::kGreen, "grey"}, {Colour::kBlue, "blue"}}};

TEST(EnumNames, PrintsAValuesFirstSpellingAndParsesEveryOne) {
  EXPECT_EQ(name_of(kColours, Colour::kRed), "red");
  EXPECT_EQ(name_of(kColours, Colour::kGreen), "green");
  EXPECT_EQ(value_named(kColours, "grey"), Colour::kGreen);
  EXPECT_EQ(value_named(kColours, "blue"), Colour::kBlue);
  static_assert(name_of(kColours, Colour::kBlue) == "blue", "usable at compile time");
}

TEST(EnumNames, UnknownWordsAreRefusedAndUnknownValuesPrintTheFirstEntry) {
  EXPECT_EQ(value_named(kColours, "Red"), std::nullopt) << "case matters";
  EXPECT_EQ(value_named(kColours, ""), std::nullopt);
  EXPECT_EQ(name_of(kColours, static_cast<Colour>(7)), "green");
}

}  // namespace
}  // namespace hub::util

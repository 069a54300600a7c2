#pragma once
// For unit tests: a JSON object written in the test, parsed. A typo in it fails the test that wrote
// it (and the value() of a failed parse throws), rather than testing something else.
#include <gtest/gtest.h>

#include <string_view>
#include <utility>

#include "common/json/json.hpp"

namespace hub::test {

inline json::Document json_object(std::string_view text) {
  auto doc = json::parse_object(text);
  EXPECT_TRUE(doc) << text;
  return std::move(doc).value();
}

}  // namespace hub::test

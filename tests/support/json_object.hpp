#pragma once
// For tests: a JSON object written in the test, parsed, and the JSON object of an answer. A typo in it fails the test
// that wrote it (and the value() of a failed parse throws), rather than testing something else.
#include <gtest/gtest.h>

#include <string_view>
#include <utility>

#include "common/http/client.hpp"
#include "common/json/json.hpp"

namespace hub::test {

inline json::Document json_object(std::string_view text) {
  auto doc = json::parse_object(text);
  EXPECT_TRUE(doc) << text;
  return std::move(doc).value();
}

// The JSON object an answer carries, when it has the expected status (the test fails otherwise, and
// gets an empty document to read on without crashing on a missing member).
inline json::Document answer_json(const http::ClientResponse& res, int status = 200) {
  EXPECT_EQ(res.status, status) << res.body;
  auto doc = json::parse_object(res.body);
  EXPECT_TRUE(doc) << res.body;
  return doc ? std::move(doc.value()) : json::Document();
}

}  // namespace hub::test

#include "common/http/url.hpp"

#include <gtest/gtest.h>

#include "common/http/message.hpp"

namespace hub::http {
namespace {

TEST(PercentDecode, Basics) {
  EXPECT_EQ(percent_decode("a%2Fb"), "a/b");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%e2%9c%93"), "\xe2\x9c\x93");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("%g0"));
  EXPECT_FALSE(percent_decode("a%00b"));
}

TEST(PercentEncode, RoundTrip) {
  std::string raw = "refs/pr/1 é?&=";
  EXPECT_EQ(percent_encode(raw), "refs%2Fpr%2F1%20%C3%A9%3F%26%3D");
  EXPECT_EQ(percent_encode("a/b", true), "a/b");
  EXPECT_EQ(percent_decode(percent_encode(raw)), raw);
}

TEST(ParseQuery, RepeatedKeysAndDecoding) {
  auto q = parse_query("expand=a&expand=b&search=hello+world&x=%zz&&flag");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"expand", "a"}));
  EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"expand", "b"}));
  EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"search", "hello world"}));
  EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"flag", ""}));
}

TEST(Request, QueryHelpers) {
  Request r;
  r.query = "expand%5B%5D=x&limit=5&expand%5B%5D=y";
  EXPECT_EQ(r.query_param("limit"), "5");
  EXPECT_EQ(r.query_params("expand[]"), (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(r.query_param("missing"));
}

TEST(Headers, CaseInsensitive) {
  Headers h;
  h.add("Content-Type", "a");
  h.add("X-Thing", "1");
  h.add("x-thing", "2");
  EXPECT_EQ(h.get("content-type"), "a");
  h.set("X-THING", "3");
  EXPECT_EQ(h.size(), 2u);
  EXPECT_EQ(h.get("x-thing"), "3");
  h.remove_if([](std::string_view n) { return n.starts_with("Content"); });
  EXPECT_FALSE(h.has("content-type"));
}

}  // namespace
}  // namespace hub::http

#include "common/util/utf8.hpp"

#include <gtest/gtest.h>

namespace hub::util {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("plain/ascii.txt"));
  EXPECT_TRUE(valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\xa4\x97 \xf4\x8f\xbf\xbf"));
}

TEST(Utf8, RefusesWhatRfc3629Forbids) {
  EXPECT_FALSE(valid_utf8("\xff"));
  EXPECT_FALSE(valid_utf8("\xc0\xaf")) << "overlong '/'";
  EXPECT_FALSE(valid_utf8("\xe0\x80\xaf")) << "overlong '/' in three bytes";
  EXPECT_FALSE(valid_utf8("\xf0\x80\x80\xaf")) << "overlong '/' in four bytes";
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80")) << "a surrogate";
  EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80")) << "past U+10FFFF";
  EXPECT_FALSE(valid_utf8("\xc3")) << "cut short";
  EXPECT_FALSE(valid_utf8("a\x80")) << "a lone continuation byte";
}

TEST(Utf8, EscapesOnlyTheBadBytes) {
  EXPECT_EQ(escape_invalid_utf8("/api/models/a\xff\xfe/b"), "/api/models/a\\xff\\xfe/b");
  EXPECT_EQ(escape_invalid_utf8("\xc0\xaf"), "\\xc0\\xaf");
  EXPECT_EQ(escape_invalid_utf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_TRUE(valid_utf8(escape_invalid_utf8("\xe2\x82 x \xf0\x9f\xa4")));
}

}  // namespace
}  // namespace hub::util

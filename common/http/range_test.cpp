#include "common/http/range.hpp"

#include <gtest/gtest.h>

namespace hub::http {
namespace {

using K = ByteRange::Kind;

TEST(Range, WholeWhenAbsentOrMalformed) {
  EXPECT_EQ(parse_range("", 100).kind, K::kWhole);
  EXPECT_EQ(parse_range("items=0-1", 100).kind, K::kWhole);
  EXPECT_EQ(parse_range("bytes=a-b", 100).kind, K::kWhole);
  EXPECT_EQ(parse_range("bytes=5-1", 100).kind, K::kWhole);
  EXPECT_EQ(parse_range("bytes=0-1,5-6", 100).kind, K::kWhole) << "multiple ranges get the whole body";
  EXPECT_EQ(parse_range("", 100).length, 100u);
}

TEST(Range, ProbeFirstByte) {
  auto r = parse_range("bytes=0-0", 1000);
  EXPECT_EQ(r.kind, K::kPartial);
  EXPECT_EQ(r.offset, 0u);
  EXPECT_EQ(r.length, 1u);
  EXPECT_EQ(r.content_range(1000), "bytes 0-0/1000");
}

TEST(Range, ResumeOpenEnded) {
  auto r = parse_range("bytes=400-", 1000);
  EXPECT_EQ(r.offset, 400u);
  EXPECT_EQ(r.length, 600u);
  EXPECT_EQ(r.content_range(1000), "bytes 400-999/1000");
}

TEST(Range, EndClampedToSize) {
  auto r = parse_range("bytes=900-5000", 1000);
  EXPECT_EQ(r.length, 100u);
}

TEST(Range, Suffix) {
  auto r = parse_range("bytes=-10", 1000);
  EXPECT_EQ(r.offset, 990u);
  EXPECT_EQ(r.length, 10u);
  EXPECT_EQ(parse_range("bytes=-5000", 1000).offset, 0u);
}

TEST(Range, Unsatisfiable) {
  auto r = parse_range("bytes=1000-", 1000);
  EXPECT_EQ(r.kind, K::kUnsatisfiable);
  EXPECT_EQ(r.content_range(1000), "bytes */1000");
  EXPECT_EQ(parse_range("bytes=0-0", 0).kind, K::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 10).kind, K::kUnsatisfiable);
}

}  // namespace
}  // namespace hub::http

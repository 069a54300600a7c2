#include "services/auth/domain/timestamps.hpp"

#include <gtest/gtest.h>

namespace hub::auth {

TEST(Timestamps, Rfc3339InUtcWithOrWithoutAFraction) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("2026-12-31T23:59:59Z"), 1798761599);
  EXPECT_EQ(parse_rfc3339("2026-12-31T23:59:59.123Z"), 1798761599);
  EXPECT_EQ(parse_rfc3339("2026-12-31T23:59:59+00:00"), 1798761599);
}

TEST(Timestamps, AnythingButUtcOrAWholeTimeIsRefused) {
  EXPECT_FALSE(parse_rfc3339("2026-12-31T23:59:59+01:00"));
  EXPECT_FALSE(parse_rfc3339("2026-12-31T23:59:59"));
  EXPECT_FALSE(parse_rfc3339("2026-12-31T23:59:59.Z"));
  EXPECT_FALSE(parse_rfc3339("2026-12-31"));
  EXPECT_FALSE(parse_rfc3339("yesterday"));
  EXPECT_FALSE(parse_rfc3339(""));
}

}  // namespace hub::auth

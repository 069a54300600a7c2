#include "services/repos/domain/formats.hpp"

#include <gtest/gtest.h>

namespace hub::repos {
namespace {

TEST(Formats, TimesAreUtcWithMilliseconds) {
  EXPECT_EQ(iso_time(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso_time(1767225599), "2025-12-31T23:59:59.000Z");
}

TEST(Formats, AuthorsGetANoReplyAddress) {
  EXPECT_EQ(author_email("alice"), "alice@users.noreply.hub");
}

}  // namespace
}  // namespace hub::repos

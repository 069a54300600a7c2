#include "common/db/migrations.hpp"

#include <gtest/gtest.h>

namespace hub::db {
namespace {

TEST(ParseMigrations, SortsByVersion) {
  auto m = parse_migrations({{"002_b.sql", "B"}, {"001_a.sql", "A"}, {"010_c.sql", "C"}});
  ASSERT_TRUE(m) << m.error();
  ASSERT_EQ(m.value().size(), 3u);
  EXPECT_EQ(m.value()[0].version, 1);
  EXPECT_EQ(m.value()[2].version, 10);
  EXPECT_EQ(m.value()[2].sql, "C");
}

TEST(ParseMigrations, RefusesBadNames) {
  EXPECT_FALSE(parse_migrations({{"init.sql", ""}}));
  EXPECT_FALSE(parse_migrations({{"001_a.txt", ""}}));
  EXPECT_FALSE(parse_migrations({{"abc_a.sql", ""}}));
  EXPECT_FALSE(parse_migrations({{"000_a.sql", ""}}));
  EXPECT_FALSE(parse_migrations({{"001_a.sql", ""}, {"1_b.sql", ""}})) << "duplicate version";
}

}  // namespace
}  // namespace hub::db

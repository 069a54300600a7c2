#include <gtest/gtest.h>

#include "common/redis/redis.hpp"

namespace hub::redis {
namespace {

TEST(RedisUrl, Forms) {
  auto u = parse_url("redis://127.0.0.1:6380/2");
  ASSERT_TRUE(u) << u.error();
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 6380);
  EXPECT_EQ(u->db, 2);
  auto p = parse_url("redis://:s3cret@cache:6379");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->password, "s3cret");
  EXPECT_EQ(p->host, "cache");
  EXPECT_EQ(parse_url("redis://localhost").value().port, 6379);
  EXPECT_FALSE(parse_url("http://x:1"));
  EXPECT_FALSE(parse_url("redis://x:0"));
  EXPECT_FALSE(parse_url("redis://x:1/99"));
}

}  // namespace
}  // namespace hub::redis

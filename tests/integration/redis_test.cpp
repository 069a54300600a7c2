#include "common/redis/redis.hpp"

#include <gtest/gtest.h>

#include "common/util/random.hpp"
#include "tests/support/test_env.hpp"

namespace hub::redis {
namespace {

TEST(Redis, CommandsAndReplies) {
  auto conn = Connection::open(parse_url(test::redis_url()).value(), std::chrono::seconds(2));
  std::string key = "test:" + util::random_id();
  EXPECT_EQ(conn->command({"SET", key, "v\0x"}).str(), "OK");
  EXPECT_EQ(conn->command({"GET", key}).str(), "v");
  EXPECT_TRUE(conn->command({"GET", key + ":missing"}).is_nil());
  EXPECT_EQ(conn->command({"DEL", key}).integer(), 1);
  auto err = conn->command({"NOSUCHCOMMAND"});
  EXPECT_TRUE(err.is_error());
  EXPECT_FALSE(conn->broken()) << "an error reply does not break the connection";
  auto arr = conn->command(std::vector<std::string>{"MGET", key, key});
  ASSERT_TRUE(arr.is_array());
  EXPECT_EQ(arr.size(), 2u);
}

TEST(Redis, UnreachableThrows) {
  Url url;
  url.port = 1;
  EXPECT_THROW(Connection::open(url, std::chrono::milliseconds(300)), RedisError);
}

}  // namespace
}  // namespace hub::redis

#include "common/redis/redis.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

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

TEST(Redis, ASubscriberSendsWithoutWaitingAndCanBeWoken) {
  const Url url = parse_url(test::redis_url()).value();
  auto subscriber = Connection::open(url, std::chrono::seconds(2));
  auto publisher = Connection::open(url, std::chrono::seconds(2));
  const std::string a = "test:" + util::random_id(), b = "test:" + util::random_id();
  subscriber->send({"SUBSCRIBE", a, b});  // confirmations come back as pushed replies
  for (const auto& channel : {a, b}) {
    auto confirmed = subscriber->wait_reply(std::chrono::seconds(2));
    ASSERT_TRUE(confirmed && confirmed->is_array() && confirmed->size() == 3);
    EXPECT_EQ(element_str(confirmed->element(0)), "subscribe");
    EXPECT_EQ(element_str(confirmed->element(1)), channel);
  }
  EXPECT_EQ(publisher->command({"PUBLISH", b, "42"}).integer(), 1);
  auto message = subscriber->wait_reply(std::chrono::seconds(2));
  ASSERT_TRUE(message && message->is_array() && message->size() == 3);
  EXPECT_EQ(element_str(message->element(0)), "message");
  EXPECT_EQ(element_str(message->element(1)), b);
  EXPECT_EQ(element_str(message->element(2)), "42");

  // A wake fd that is readable ends the wait at once, and the connection stays usable.
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  ASSERT_EQ(::write(pipe_fds[1], "x", 1), 1);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(subscriber->wait_reply(std::chrono::seconds(5), pipe_fds[0]));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  subscriber->send({"UNSUBSCRIBE", a});
  auto left = subscriber->wait_reply(std::chrono::seconds(2));
  ASSERT_TRUE(left && left->is_array());
  EXPECT_EQ(element_str(left->element(0)), "unsubscribe");
  EXPECT_EQ(publisher->command({"PUBLISH", a, "1"}).integer(), 0) << "no longer listening there";
  EXPECT_FALSE(subscriber->broken());
}

TEST(Redis, UnreachableThrows) {
  Url url;
  url.port = 1;
  EXPECT_THROW(Connection::open(url, std::chrono::milliseconds(300)), RedisError);
}

}  // namespace
}  // namespace hub::redis

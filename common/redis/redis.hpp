#pragma once
// RAII over hiredis 0.14's blocking API. A Connection is not thread-safe; after an I/O error or a
// timeout its context is unusable, so broken() turns true and the owner replaces it.
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

struct redisContext;
struct redisReply;

namespace hub::redis {

struct Url {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  int db = 0;
  std::string password;
};

// redis://[:password@]host:port[/db]
Result<Url> parse_url(std::string_view text);

class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Reply {
 public:
  explicit Reply(redisReply* reply) : reply_(reply) {}
  ~Reply();
  Reply(Reply&& other) noexcept : reply_(other.reply_) { other.reply_ = nullptr; }
  Reply& operator=(Reply&&) = delete;
  Reply(const Reply&) = delete;

  bool is_error() const;
  bool is_nil() const;
  bool is_string() const;  // bulk or status string
  bool is_integer() const;
  bool is_array() const;
  std::string_view str() const;
  std::int64_t integer() const;
  std::size_t size() const;  // elements of an array
  // Borrowed view of one element of an array reply; valid while this Reply lives.
  const redisReply* element(std::size_t i) const;
  const redisReply* raw() const { return reply_; }

 private:
  redisReply* reply_;
};

class Connection {
 public:
  // Throws RedisError when it cannot connect (or authenticate, or select the database).
  static std::unique_ptr<Connection> open(const Url& url, std::chrono::milliseconds timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Throws RedisError on an I/O failure (and the connection is then broken); an error reply from
  // Redis is returned as a Reply with is_error().
  Reply command(std::initializer_list<std::string_view> args);
  Reply command(const std::vector<std::string>& args);
  // Sends every command, then reads every reply: one round trip instead of one per command.
  std::vector<Reply> pipeline(const std::vector<std::vector<std::string>>& commands);
  bool broken() const;
  // Sends a command without waiting for its reply: on a subscribed connection the confirmations
  // of SUBSCRIBE and UNSUBSCRIBE arrive among the pushed messages, read with wait_reply(). Throws
  // RedisError on failure.
  void send(const std::vector<std::string>& args);
  // For a subscribed connection: the next pushed message, or nullopt when none came within
  // `wait` (the connection stays usable, unlike after a read timeout), or as soon as `wake_fd` (an
  // eventfd or pipe of the caller's, which it drains) is readable. Throws RedisError on failure.
  std::optional<Reply> wait_reply(std::chrono::milliseconds wait, int wake_fd = -1);

 private:
  explicit Connection(redisContext* ctx) : ctx_(ctx) {}
  Reply command_argv(int argc, const char** argv, const std::size_t* lens);
  // Queues a command in the context's output buffer (hiredis copies it).
  void append_command(const std::vector<std::string>& args);
  redisContext* ctx_;
};

// Views into a borrowed array element.
std::string_view element_str(const redisReply* r);

}  // namespace hub::redis

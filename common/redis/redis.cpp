#include "common/redis/redis.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/time.h>

#include <cerrno>

#include "common/util/strings.hpp"

namespace hub::redis {

Result<Url> parse_url(std::string_view text) {
  Url url;
  std::string_view rest = text;
  if (!rest.starts_with("redis://")) return fail("Redis URL must start with redis://");
  rest.remove_prefix(8);
  auto at = rest.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view auth = rest.substr(0, at);
    auto colon = auth.find(':');
    url.password = std::string(colon == std::string_view::npos ? auth : auth.substr(colon + 1));
    rest = rest.substr(at + 1);
  }
  auto slash = rest.find('/');
  if (slash != std::string_view::npos) {
    auto db = util::parse_uint(rest.substr(slash + 1));
    if (rest.size() > slash + 1 && (!db || *db > 15)) return fail("bad Redis database number in " + std::string(text));
    if (db) url.db = static_cast<int>(*db);
    rest = rest.substr(0, slash);
  }
  auto colon = rest.rfind(':');
  if (colon != std::string_view::npos) {
    auto port = util::parse_uint(rest.substr(colon + 1));
    if (!port || *port == 0 || *port > 65535) return fail("bad Redis port in " + std::string(text));
    url.port = static_cast<std::uint16_t>(*port);
    rest = rest.substr(0, colon);
  }
  if (!rest.empty()) url.host = std::string(rest);
  return url;
}

namespace {

// A command's arguments as hiredis takes them: pointers and lengths (binary-safe).
struct Argv {
  template <class Args>
  explicit Argv(const Args& args) {
    for (const auto& a : args) {
      ptrs.push_back(a.data());
      lens.push_back(a.size());
    }
  }
  int count() const { return static_cast<int>(ptrs.size()); }
  std::vector<const char*> ptrs;
  std::vector<std::size_t> lens;
};

}  // namespace

Reply::~Reply() {
  if (reply_ != nullptr) freeReplyObject(reply_);
}

bool Reply::is_error() const {
  return reply_->type == REDIS_REPLY_ERROR;
}
bool Reply::is_nil() const {
  return reply_->type == REDIS_REPLY_NIL;
}
bool Reply::is_string() const {
  return reply_->type == REDIS_REPLY_STRING || reply_->type == REDIS_REPLY_STATUS;
}
bool Reply::is_integer() const {
  return reply_->type == REDIS_REPLY_INTEGER;
}
bool Reply::is_array() const {
  return reply_->type == REDIS_REPLY_ARRAY;
}
std::string_view Reply::str() const {
  return reply_->str ? std::string_view(reply_->str, reply_->len) : std::string_view{};
}
std::int64_t Reply::integer() const {
  return reply_->integer;
}
std::size_t Reply::size() const {
  return reply_->type == REDIS_REPLY_ARRAY ? reply_->elements : 0;
}
const redisReply* Reply::element(std::size_t i) const {
  return reply_->element[i];
}

std::string_view element_str(const redisReply* r) {
  return (r != nullptr && r->str != nullptr) ? std::string_view(r->str, r->len) : std::string_view{};
}

std::unique_ptr<Connection> Connection::open(const Url& url, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  redisContext* ctx = redisConnectWithTimeout(url.host.c_str(), url.port, tv);
  if (ctx == nullptr) throw RedisError("cannot allocate Redis context");
  if (ctx->err != 0) {
    std::string message =
        std::string("cannot connect to Redis at ") + url.host + ":" + std::to_string(url.port) + ": " + ctx->errstr;
    redisFree(ctx);
    throw RedisError(message);
  }
  redisSetTimeout(ctx, tv);
  std::unique_ptr<Connection> conn(new Connection(ctx));
  if (!url.password.empty()) {
    auto r = conn->command({"AUTH", url.password});
    if (r.is_error()) throw RedisError("Redis AUTH failed");
  }
  if (url.db != 0) {
    auto r = conn->command({"SELECT", std::to_string(url.db)});
    if (r.is_error()) throw RedisError("Redis SELECT failed");
  }
  return conn;
}

Connection::~Connection() {
  if (ctx_ != nullptr) redisFree(ctx_);
}

bool Connection::broken() const {
  return ctx_->err != 0;
}

Reply Connection::command_argv(int argc, const char** argv, const std::size_t* lens) {
  if (broken()) throw RedisError(std::string("Redis connection broken: ") + ctx_->errstr);
  void* raw = redisCommandArgv(ctx_, argc, argv, lens);
  if (raw == nullptr) throw RedisError(std::string("Redis command failed: ") + ctx_->errstr);
  return Reply(static_cast<redisReply*>(raw));
}

Reply Connection::command(std::initializer_list<std::string_view> args) {
  Argv a(args);
  return command_argv(a.count(), a.ptrs.data(), a.lens.data());
}

Reply Connection::command(const std::vector<std::string>& args) {
  Argv a(args);
  return command_argv(a.count(), a.ptrs.data(), a.lens.data());
}

void Connection::append_command(const std::vector<std::string>& args) {
  Argv a(args);
  if (redisAppendCommandArgv(ctx_, a.count(), a.ptrs.data(), a.lens.data()) != REDIS_OK) {
    throw RedisError(std::string("Redis command not sent: ") + ctx_->errstr);
  }
}

std::vector<Reply> Connection::pipeline(const std::vector<std::vector<std::string>>& commands) {
  if (broken()) throw RedisError(std::string("Redis connection broken: ") + ctx_->errstr);
  for (const auto& args : commands)
    append_command(args);
  std::vector<Reply> replies;
  replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK || raw == nullptr) {
      throw RedisError(std::string("Redis pipeline failed: ") + ctx_->errstr);
    }
    replies.emplace_back(static_cast<redisReply*>(raw));
  }
  return replies;
}

void Connection::send(const std::vector<std::string>& args) {
  if (broken()) throw RedisError(std::string("Redis connection broken: ") + ctx_->errstr);
  append_command(args);
  int done = 0;
  while (done == 0) {
    if (redisBufferWrite(ctx_, &done) != REDIS_OK) throw RedisError(std::string("Redis send failed: ") + ctx_->errstr);
  }
}

std::optional<Reply> Connection::wait_reply(std::chrono::milliseconds wait, int wake_fd) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(ctx_, &raw) != REDIS_OK) {
      throw RedisError(std::string("Redis read failed: ") + ctx_->errstr);
    }
    if (raw != nullptr) return Reply(static_cast<redisReply*>(raw));
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p[2] = {{ctx_->fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    const int ready = ::poll(p, wake_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) throw RedisError("Redis poll failed");
    if (ready <= 0) continue;
    if (wake_fd >= 0 && (p[1].revents & POLLIN) != 0) return std::nullopt;
    if (redisBufferRead(ctx_) != REDIS_OK) throw RedisError(std::string("Redis read failed: ") + ctx_->errstr);
  }
}

}  // namespace hub::redis

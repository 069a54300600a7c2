#include "common/log/log.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "common/json/rapidjson.hpp"
#include "common/util/enum_names.hpp"
#include "common/util/utf8.hpp"

namespace hub::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};
std::string g_service = "hub";

// Info first: what a level outside the enum prints. "warning" is read as warn, never printed.
constexpr util::EnumNames<Level, 5> kLevelNames = {{{Level::kInfo, "info"},
                                                    {Level::kDebug, "debug"},
                                                    {Level::kWarn, "warn"},
                                                    {Level::kWarn, "warning"},
                                                    {Level::kError, "error"}}};

// RFC 3339 with milliseconds, into `buf`. The date and time part is formatted once per second per
// thread: an access line per request makes this a hot path.
std::string_view timestamp(char (&buf)[40]) {
  thread_local std::time_t cached_second = -1;
  thread_local char prefix[40] = {0};
  thread_local std::size_t prefix_len = 0;
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  if (secs != cached_second) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    int n = std::snprintf(prefix, sizeof prefix, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                          tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    prefix_len = n > 0 ? static_cast<std::size_t>(n) : 0;
    cached_second = secs;
  }
  std::memcpy(buf, prefix, prefix_len);
  buf[prefix_len] = '.';
  buf[prefix_len + 1] = static_cast<char>('0' + millis / 100);
  buf[prefix_len + 2] = static_cast<char>('0' + millis / 10 % 10);
  buf[prefix_len + 3] = static_cast<char>('0' + millis % 10);
  buf[prefix_len + 4] = 'Z';
  return std::string_view(buf, prefix_len + 5);
}

}  // namespace

std::optional<Level> parse_level(std::string_view text) {
  return util::value_named(kLevelNames, text);
}

void init(std::string_view service, Level min_level) {
  g_service = std::string(service);
  g_min_level = static_cast<int>(min_level);
}

bool enabled(Level level) {
  return static_cast<int>(level) >= g_min_level.load(std::memory_order_relaxed);
}

namespace {

// Formats into a buffer each thread keeps, so a log line costs no allocation once warm.
void format_into(rapidjson::StringBuffer& buffer, Level level, std::string_view message,
                 std::initializer_list<Field> fields) {
  // The writer keeps a stack of its own; reusing one per thread keeps it allocated.
  thread_local rapidjson::Writer<rapidjson::StringBuffer> w;
  w.Reset(buffer);
  // Values come from outside (a request target, a header): bytes that are not UTF-8 are escaped as
  // \xNN, so every line stays valid JSON for whatever reads the log.
  auto str = [&](std::string_view v) {
    if (util::valid_utf8(v)) {
      w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    } else {
      const std::string escaped = util::escape_invalid_utf8(v);
      w.String(escaped.data(), static_cast<rapidjson::SizeType>(escaped.size()));
    }
  };
  w.StartObject();
  char ts[40];
  w.Key("ts");
  str(timestamp(ts));
  w.Key("level");
  str(util::name_of(kLevelNames, level));
  w.Key("service");
  str(g_service);
  w.Key("msg");
  str(message);
  for (const auto& f : fields) {
    w.Key(f.key.data(), static_cast<rapidjson::SizeType>(f.key.size()));
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string_view>) {
            str(v);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            w.Int64(v);
          } else if constexpr (std::is_same_v<T, double>) {
            w.Double(v);
          } else {
            w.Bool(v);
          }
        },
        f.value);
  }
  w.EndObject();
  buffer.Put('\n');
}

}  // namespace

std::string format(Level level, std::string_view message, std::initializer_list<Field> fields) {
  rapidjson::StringBuffer buffer;
  format_into(buffer, level, message, fields);
  return std::string(buffer.GetString(), buffer.GetSize());
}

namespace {

void write_all(const char* data, std::size_t left) {
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log to; never fail the request over it
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

constexpr std::size_t kCoalesceLimit = 64 * 1024;

struct Coalescer {
  std::function<void()> schedule;  // empty: this thread writes each line at once
  std::string pending;
  bool scheduled = false;
};

Coalescer& coalescer() {
  thread_local Coalescer c;
  return c;
}

}  // namespace

void coalesce_on_this_thread(std::function<void()> schedule_flush) {
  Coalescer& c = coalescer();
  c.schedule = std::move(schedule_flush);
  c.pending.reserve(kCoalesceLimit);
}

void flush_this_thread() {
  Coalescer& c = coalescer();
  c.scheduled = false;
  write_all(c.pending.data(), c.pending.size());
  c.pending.clear();
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  thread_local rapidjson::StringBuffer buffer;
  buffer.Clear();
  format_into(buffer, level, message, fields);
  Coalescer& c = coalescer();
  if (!c.schedule) {
    write_all(buffer.GetString(), buffer.GetSize());
    return;
  }
  c.pending.append(buffer.GetString(), buffer.GetSize());
  if (level >= Level::kWarn || c.pending.size() >= kCoalesceLimit) {
    flush_this_thread();
  } else if (!c.scheduled) {
    c.scheduled = true;
    c.schedule();
  }
}

}  // namespace hub::log

#include "common/log/log.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <ctime>

#include "common/json/json.hpp"

namespace hub::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};
std::string g_service = "hub";

const char* level_name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

// RFC 3339 with milliseconds. The date and time part is formatted once per second per thread: an
// access line per request makes this a hot path.
std::string timestamp() {
  thread_local std::time_t cached_second = -1;
  thread_local char prefix[48] = {0};
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  if (secs != cached_second) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::snprintf(prefix, sizeof prefix, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_second = secs;
  }
  std::string out(prefix);
  out += '.';
  out += static_cast<char>('0' + millis / 100);
  out += static_cast<char>('0' + millis / 10 % 10);
  out += static_cast<char>('0' + millis % 10);
  out += 'Z';
  return out;
}

}  // namespace

std::optional<Level> parse_level(std::string_view text) {
  if (text == "debug") return Level::kDebug;
  if (text == "info") return Level::kInfo;
  if (text == "warn" || text == "warning") return Level::kWarn;
  if (text == "error") return Level::kError;
  return std::nullopt;
}

void init(std::string_view service, Level min_level) {
  g_service = std::string(service);
  g_min_level = static_cast<int>(min_level);
}

bool enabled(Level level) {
  return static_cast<int>(level) >= g_min_level.load(std::memory_order_relaxed);
}

std::string format(Level level, std::string_view message, std::initializer_list<Field> fields) {
  json::Writer w;
  w.begin_object().field("ts", timestamp()).field("level", level_name(level)).field("service", g_service);
  w.field("msg", message);
  for (const auto& f : fields) {
    w.key(f.key);
    std::visit([&](const auto& v) { w.value(v); }, f.value);
  }
  w.end_object();
  std::string line = w.str();
  line.push_back('\n');
  return line;
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  std::string line = format(level, message, fields);
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log to; never fail the request over it
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace hub::log

#include "common/log/log.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>

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

// The bytes that go into a JSON string as they are: printable ASCII but the quote and the
// backslash. Anything else needs a look (an escape, or a UTF-8 check).
constexpr auto kPlainByte = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c)
    plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// Appends `v` as the inside of a JSON string: quotes, backslashes and control characters escaped as
// JSON requires. Values come from outside (a request target, a header): bytes that are not UTF-8
// are first written as the text \xNN, so every line stays valid JSON for whatever reads the log.
// One pass for the common case, ASCII with nothing to escape.
void append_escaped(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  bool utf8_checked = false;
  std::size_t plain = 0;  // start of the run not yet copied
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (kPlainByte[c]) continue;
    if (c >= 0x80) {
      // The first byte past ASCII: the rest is checked once (what precedes is ASCII, so this is
      // where a character starts), and kept as it is if it is UTF-8.
      if (utf8_checked) continue;
      if (util::valid_utf8(v.substr(i))) {
        utf8_checked = true;
        continue;
      }
      out.append(v.substr(plain, i - plain));
      append_escaped(out, util::escape_invalid_utf8(v.substr(i)));
      return;
    }
    out.append(v.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(v.substr(plain));
}

void append_string(std::string& out, std::string_view v) {
  out += '"';
  append_escaped(out, v);
  out += '"';
}

template <class Number>
void append_number(std::string& out, Number n) {
  char digits[32];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

void append_fixed3(std::string& out, std::int64_t thousandths) {
  if (thousandths < 0) {
    out += '-';
    thousandths = -thousandths;  // (a latency is never the most negative number)
  }
  append_number(out, thousandths / 1000);
  const auto rest = static_cast<int>(thousandths % 1000);
  const char decimals[4] = {'.', static_cast<char>('0' + rest / 100), static_cast<char>('0' + rest / 10 % 10),
                            static_cast<char>('0' + rest % 10)};
  out.append(decimals, 4);
}

// Appends one line: a JSON object and a newline. Written by hand rather than through a JSON
// library's writer: an access line per request makes this a hot path, and the line's shape is
// fixed (strings, integers, numbers, booleans).
void format_into(std::string& out, Level level, std::string_view message, std::initializer_list<Field> fields) {
  char ts[40];
  out += "{\"ts\":\"";
  out += timestamp(ts);
  out += "\",\"level\":\"";
  out += util::name_of(kLevelNames, level);
  out += "\",\"service\":";
  append_string(out, g_service);
  out += ",\"msg\":";
  append_string(out, message);
  for (const auto& f : fields) {
    out += ',';
    append_string(out, f.key);
    out += ':';
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string_view>) {
            append_string(out, v);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            append_number(out, v);
          } else if constexpr (std::is_same_v<T, Fixed3>) {
            append_fixed3(out, v.thousandths);
          } else if constexpr (std::is_same_v<T, double>) {
            if (std::isfinite(v)) {
              append_number(out, v);
            } else {
              out += "null";  // JSON has no NaN or infinity
            }
          } else {
            out += v ? "true" : "false";
          }
        },
        f.value);
  }
  out += "}\n";
}

}  // namespace

std::string format(Level level, std::string_view message, std::initializer_list<Field> fields) {
  std::string line;
  format_into(line, level, message, fields);
  return line;
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
  Coalescer& c = coalescer();
  if (!c.schedule) {
    thread_local std::string line;
    line.clear();
    format_into(line, level, message, fields);
    write_all(line.data(), line.size());
    return;
  }
  format_into(c.pending, level, message, fields);  // straight into what the loop turn will write
  if (level >= Level::kWarn || c.pending.size() >= kCoalesceLimit) {
    flush_this_thread();
  } else if (!c.scheduled) {
    c.scheduled = true;
    c.schedule();
  }
}

}  // namespace hub::log

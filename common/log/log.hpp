#pragma once
// JSON-lines logging to standard output, whole lines per write(2) so lines from many threads never
// interleave. Secrets never go through here: callers log ids, not tokens.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace hub::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

std::optional<Level> parse_level(std::string_view text);

// Sets the service name written on every line and the lowest level written.
void init(std::string_view service, Level min_level);
bool enabled(Level level);

// A number with three decimals, held as thousandths (a latency in milliseconds, counted in
// microseconds): written with integer arithmetic, where a double needs a shortest-form search.
struct Fixed3 {
  std::int64_t thousandths;
};

struct Field {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, double, bool, Fixed3> value;

  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, Fixed3 v) : key(k), value(v) {}
  template <class I, class = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
  Field(std::string_view k, I v) : key(k), value(static_cast<std::int64_t>(v)) {}
};

void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void debug(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::kDebug, m, f);
}
inline void info(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::kInfo, m, f);
}
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::kWarn, m, f);
}
inline void error(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::kError, m, f);
}

// Coalescing, for a thread that runs an event loop: the lines this thread writes gather in a
// buffer of its own, and the first one pending calls `schedule_flush`, which is to arrange for
// flush_this_thread() once the loop has run what is ready (an I/O thread posts it to its loop). A
// busy server thus writes the access lines of a loop turn in one write(2) instead of one each, and
// an idle one still writes each line within the turn that made it. A warning or an error, and a
// buffer past 64 KiB, are written at once with what is pending, so order is kept and a crash report
// is never held back.
void coalesce_on_this_thread(std::function<void()> schedule_flush);
// Writes what this thread has pending (and ends nothing: coalescing stays on).
void flush_this_thread();

// Builds the line without writing it; exposed for tests.
std::string format(Level level, std::string_view message, std::initializer_list<Field> fields);

}  // namespace hub::log

#pragma once
// JSON-lines logging to standard output, one write(2) per line so lines from many threads never
// interleave. Secrets never go through here: callers log ids, not tokens.
#include <cstdint>
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

struct Field {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, double, bool> value;

  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
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

// Builds the line without writing it; exposed for tests.
std::string format(Level level, std::string_view message, std::initializer_list<Field> fields);

}  // namespace hub::log

#pragma once
// Configuration comes from environment variables only, each with a local default unless it is
// required. Reading collects every problem; check() then throws one ConfigError naming them all, so
// a misconfigured process says exactly which variable to fix and exits instead of guessing.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace hub::config {

using Source = std::function<std::optional<std::string>(std::string_view)>;

// The longest duration a setting takes unless it says otherwise: longer is more likely a typo.
inline constexpr std::chrono::milliseconds kWeek{7LL * 24 * 3600 * 1000};

// "500ms", "5s", "2m", "1h", "1d" or a bare number of milliseconds, at most `max`; nullopt otherwise.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::chrono::milliseconds max = kWeek);

// The process environment.
Source environment();

struct HostPort;

// One variable a Reader was asked for: what `--print-config` prints, so the deployment files are
// checked against what the code reads rather than against a list kept by hand.
struct Variable {
  std::string name;
  std::string kind;      // string, integer, duration, durations, boolean, list, addresses, choice
  std::string fallback;  // as it would be written in the environment; empty for none
  bool required = false;
  std::vector<std::string> choices;  // for a choice
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Reader {
 public:
  explicit Reader(Source source) : source_(std::move(source)) {}

  std::string string(std::string_view name, std::string_view fallback);
  // Empty when missing; the problem is recorded with `why` in it.
  std::string required(std::string_view name, std::string_view why);
  std::int64_t integer(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max);
  std::chrono::milliseconds millis(std::string_view name, std::chrono::milliseconds fallback,
                                   std::chrono::milliseconds max = kWeek);
  // Comma-separated durations, at least one (a retry schedule).
  std::vector<std::chrono::milliseconds> millis_list(std::string_view name, std::string_view fallback);
  bool boolean(std::string_view name, bool fallback);
  // Comma-separated, blanks dropped.
  std::vector<std::string> list(std::string_view name, std::string_view fallback);
  // Comma-separated host:port addresses (parse_host_port), at least one: a peer's replicas.
  std::vector<HostPort> addresses(std::string_view name, std::string_view fallback);
  // One of `choices`.
  std::string choice(std::string_view name, std::string_view fallback, const std::vector<std::string>& choices);

  // Records a problem found by the caller's own validation.
  void problem(std::string_view name, std::string_view message);
  // Throws ConfigError listing every problem, if any.
  void check() const;

  // Every variable asked for so far, in the order first asked, each once.
  const std::vector<Variable>& variables() const { return variables_; }

 private:
  std::optional<std::string> get(std::string_view name) const;
  std::vector<std::string> split(std::string_view name, std::string_view fallback) const;
  void note(std::string_view name, std::string_view kind, std::string fallback, bool required = false,
            std::vector<std::string> choices = {});

  Source source_;
  std::vector<std::string> problems_;
  std::vector<Variable> variables_;
};

// A Source with nothing set: reading a configuration from it yields every default, and the Reader's
// variables() then lists what the process would read.
Source nothing_set();

// How a duration is written back: the largest unit that divides it ("5s", "24h", "250ms").
std::string format_duration(std::chrono::milliseconds value);

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  std::string str() const;
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:8080", "http://host:port[/]", or ":8080", which means
// loopback: listening on every interface must be asked for by writing 0.0.0.0.
Result<HostPort> parse_host_port(std::string_view text);

}  // namespace hub::config

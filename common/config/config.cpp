#include "common/config/config.hpp"

#include <cstdlib>

#include "common/util/strings.hpp"

namespace hub::config {

Source environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Source nothing_set() {
  return [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
}

std::string format_duration(std::chrono::milliseconds value) {
  struct Unit {
    std::int64_t ms;
    const char* suffix;
  };
  constexpr Unit kUnits[] = {{24 * 3600000LL, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}};
  const std::int64_t ms = value.count();
  for (const auto& unit : kUnits) {
    if (ms != 0 && ms % unit.ms == 0) return std::to_string(ms / unit.ms) + unit.suffix;
  }
  return std::to_string(ms) + "ms";
}

void Reader::note(std::string_view name, std::string_view kind, std::string fallback, bool required,
                  std::vector<std::string> choices) {
  for (const auto& v : variables_) {
    if (v.name == name) return;
  }
  variables_.push_back(
      Variable{std::string(name), std::string(kind), std::move(fallback), required, std::move(choices)});
}

std::optional<std::string> Reader::get(std::string_view name) const {
  auto value = source_(name);
  if (value && util::trim(*value).empty()) return std::nullopt;
  return value;
}

void Reader::problem(std::string_view name, std::string_view message) {
  problems_.push_back(std::string(name) + ": " + std::string(message));
}

std::string Reader::string(std::string_view name, std::string_view fallback) {
  note(name, "string", std::string(fallback));
  auto value = get(name);
  return value ? *value : std::string(fallback);
}

std::string Reader::required(std::string_view name, std::string_view why) {
  note(name, "string", "", true);
  auto value = get(name);
  if (!value) {
    problem(name, std::string("is required (") + std::string(why) + ")");
    return {};
  }
  return *value;
}

std::int64_t Reader::integer(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  note(name, "integer", std::to_string(fallback));
  auto value = get(name);
  if (!value) return fallback;
  auto parsed = util::parse_int(util::trim(*value));
  if (!parsed || *parsed < min || *parsed > max) {
    problem(name,
            "must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got '" + *value + "'");
    return fallback;
  }
  return *parsed;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::chrono::milliseconds max) {
  text = util::trim(text);
  std::uint64_t scale = 1;
  if (text.ends_with("ms")) {
    text.remove_suffix(2);
  } else if (text.ends_with("s")) {
    text.remove_suffix(1);
    scale = 1000;
  } else if (text.ends_with("m")) {
    text.remove_suffix(1);
    scale = 60000;
  } else if (text.ends_with("h")) {
    text.remove_suffix(1);
    scale = 3600000;
  } else if (text.ends_with("d")) {
    text.remove_suffix(1);
    scale = 24 * 3600000ULL;
  }
  const auto limit = static_cast<std::uint64_t>(max.count());
  auto parsed = util::parse_uint(text);
  if (!parsed || *parsed > limit / scale) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(*parsed * scale));
}

std::chrono::milliseconds Reader::millis(std::string_view name, std::chrono::milliseconds fallback,
                                         std::chrono::milliseconds max) {
  note(name, "duration", format_duration(fallback));
  auto value = get(name);
  if (!value) return fallback;
  auto parsed = parse_duration(*value, max);
  if (!parsed) {
    problem(name, "must be a duration such as 500ms, 5s, 2m, 1h or 1d (at most " +
                      std::to_string(max.count() / 3600000) + "h), got '" + *value + "'");
    return fallback;
  }
  return *parsed;
}

std::vector<std::chrono::milliseconds> Reader::millis_list(std::string_view name, std::string_view fallback) {
  note(name, "durations", std::string(fallback));
  std::vector<std::chrono::milliseconds> out;
  for (const auto& item : split(name, fallback)) {
    auto parsed = parse_duration(item);
    if (!parsed) {
      problem(name, "must be durations such as 500ms, 5s, 2m or 1h separated by commas, got '" + item + "'");
      return {};
    }
    out.push_back(*parsed);
  }
  if (out.empty()) problem(name, "needs at least one duration");
  return out;
}

bool Reader::boolean(std::string_view name, bool fallback) {
  note(name, "boolean", fallback ? "true" : "false");
  auto value = get(name);
  if (!value) return fallback;
  std::string v = util::to_lower(util::trim(*value));
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  problem(name, "must be true or false, got '" + *value + "'");
  return fallback;
}

std::vector<std::string> Reader::list(std::string_view name, std::string_view fallback) {
  note(name, "list", std::string(fallback));
  return split(name, fallback);
}

std::vector<std::string> Reader::split(std::string_view name, std::string_view fallback) const {
  auto value = get(name);
  std::string text = value ? *value : std::string(fallback);
  std::vector<std::string> out;
  for (auto part : util::split(text, ',')) {
    auto trimmed = util::trim(part);
    if (!trimmed.empty()) out.emplace_back(trimmed);
  }
  return out;
}

std::vector<HostPort> Reader::addresses(std::string_view name, std::string_view fallback) {
  note(name, "addresses", std::string(fallback));
  std::vector<HostPort> out;
  for (const auto& text : split(name, fallback)) {
    auto address = parse_host_port(text);
    if (!address) {
      problem(name, address.error());
      continue;
    }
    out.push_back(std::move(address).value());
  }
  if (out.empty()) problem(name, "needs at least one address");
  return out;
}

std::string Reader::choice(std::string_view name, std::string_view fallback, const std::vector<std::string>& choices) {
  note(name, "choice", std::string(fallback), false, choices);
  auto set = get(name);
  std::string value = set ? *set : std::string(fallback);
  for (const auto& c : choices) {
    if (c == value) return value;
  }
  std::string allowed;
  for (const auto& c : choices)
    allowed += (allowed.empty() ? "" : ", ") + c;
  problem(name, "must be one of " + allowed + ", got '" + value + "'");
  return std::string(fallback);
}

void Reader::check() const {
  if (problems_.empty()) return;
  std::string message = "invalid configuration:";
  for (const auto& p : problems_)
    message += "\n  " + p;
  throw ConfigError(message);
}

std::string HostPort::str() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

Result<HostPort> parse_host_port(std::string_view text) {
  std::string_view rest = util::trim(text);
  if (rest.starts_with("http://")) rest.remove_prefix(7);
  if (rest.ends_with("/")) rest.remove_suffix(1);
  HostPort out;
  std::string_view port_text;
  if (rest.starts_with("[")) {
    auto close = rest.find(']');
    if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      return fail("expected [ipv6]:port, got '" + std::string(text) + "'");
    }
    out.host = std::string(rest.substr(1, close - 1));
    port_text = rest.substr(close + 2);
  } else {
    auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) return fail("expected host:port, got '" + std::string(text) + "'");
    out.host = std::string(rest.substr(0, colon));
    port_text = rest.substr(colon + 1);
  }
  auto port = util::parse_uint(port_text);
  if (!port || *port > 65535) return fail("invalid port in '" + std::string(text) + "'");
  if (out.host.empty()) out.host = "127.0.0.1";
  if (out.host.find('/') != std::string::npos) return fail("unexpected path in '" + std::string(text) + "'");
  out.port = static_cast<std::uint16_t>(*port);
  return out;
}

}  // namespace hub::config

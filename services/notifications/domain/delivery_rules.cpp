#include "services/notifications/domain/delivery_rules.hpp"

#include <algorithm>

#include "common/json/json.hpp"
#include "common/util/strings.hpp"
#include "common/util/utf8.hpp"

namespace hub::notifications {

bool delivered(int status) {
  return status >= 200 && status < 300;
}

std::optional<Millis> retry_delay(const std::vector<Millis>& schedule, int run_attempts) {
  if (run_attempts < 1 || static_cast<std::size_t>(run_attempts) > schedule.size()) return std::nullopt;
  return schedule[static_cast<std::size_t>(run_attempts) - 1];
}

Millis cap_bucket_ms(Millis window) {
  return std::max(Millis(1), window / 1440);
}

std::optional<TimePoint> cap_allows_at(int used, std::optional<TimePoint> oldest, int cap, Millis window,
                                       TimePoint now) {
  if (used < cap) return std::nullopt;
  // Unknown only when it left the window between two queries: a moment from now.
  return oldest ? std::max(*oldest + window, now) : now + std::chrono::seconds(1);
}

bool should_disable(TimePoint failing_since, TimePoint now, Millis disable_after) {
  return now - failing_since >= disable_after;
}

std::string redacted_headers_json(const http::Headers& headers) {
  json::Writer w;
  w.begin_object();
  for (const auto& h : headers) {
    w.key(h.name);
    if (util::iequals(h.name, kSecretHeader)) {
      w.value(kRedacted);
    } else {
      w.value(h.value);
    }
  }
  w.end_object();
  return w.str();
}

std::string loggable_text(std::string_view bytes, std::size_t limit) {
  std::size_t end = 0;
  // Whole UTF-8 sequences up to the limit; a byte that starts none counts as one.
  while (end < bytes.size()) {
    const std::size_t n = std::max<std::size_t>(1, util::utf8_sequence_length(bytes, end));
    if (end + n > limit) break;
    end += n;
  }
  std::string escaped = util::escape_invalid_utf8(bytes.substr(0, end));
  std::string out;
  out.reserve(escaped.size());
  for (char c : escaped) {
    if (c == '\0') {
      out += "\\x00";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace hub::notifications

#pragma once
// The rules a delivery lives by, as plain functions: what counts as delivered, when the next attempt
// is due, when a hook's daily cap lets the next delivery go, when a hook that keeps failing is
// disabled, and what of an attempt the delivery log may keep.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/message.hpp"

namespace hub::notifications {

using Millis = std::chrono::milliseconds;
using TimePoint = std::chrono::system_clock::time_point;

// A 2xx answer; anything else (another status, no answer, a refused address) is a failure.
bool delivered(int status);

// After the `run_attempts`-th failed attempt since the schedule started (1-based): how long until the
// next one, or nullopt when the schedule is spent and the delivery is failed (still redeliverable).
std::optional<Millis> retry_delay(const std::vector<Millis>& schedule, int run_attempts);

// The daily cap: `used` first attempts of the hook's deliveries fall within the last `window`, and
// `oldest` is the first attempt of the oldest of the newest `cap` of them (known once used >= cap).
// nullopt when one more may start now; otherwise when the next may: once that oldest one leaves the
// window (asked again then, so a delivery waits as long as the window is full, and is never dropped).
// The width of the cap's counting buckets: a 1,440th of the window (a minute of a day), 1 ms at least.
Millis cap_bucket_ms(Millis window);

std::optional<TimePoint> cap_allows_at(int used, std::optional<TimePoint> oldest, int cap, Millis window,
                                       TimePoint now);

// A hook whose attempts have failed since `failing_since`, with no success between, is disabled
// once that has lasted `disable_after`.
bool should_disable(TimePoint failing_since, TimePoint now, Millis disable_after);

// The header that carries the secret itself (the Hub's); redacted wherever requests are recorded.
inline constexpr std::string_view kSecretHeader = "X-Webhook-Secret";
inline constexpr std::string_view kRedacted = "[redacted]";

// The request headers as the delivery log keeps them: a JSON object, the secret redacted.
std::string redacted_headers_json(const http::Headers& headers);

// At most `limit` bytes of a response body as text the database can store: cut on a character
// boundary, bytes that are not UTF-8 (and NUL) written as \xNN.
std::string loggable_text(std::string_view bytes, std::size_t limit = 1024);

}  // namespace hub::notifications

#pragma once
// Server-sent events as the live stream writes them (WHATWG HTML, "Server-sent events"): an `id:`
// that a reconnecting client sends back as Last-Event-ID, an `event:` type, the data as one `data:`
// line per line, and the blank line that ends the event.
#include <chrono>
#include <string>
#include <string_view>

namespace hub::notifications {

std::string sse_event(std::string_view id, std::string_view event, std::string_view data);

// How long a client waits before it reconnects after the stream ended (`retry:`).
std::string sse_retry(std::chrono::milliseconds delay);

}  // namespace hub::notifications

#include "services/notifications/domain/sse_event.hpp"

namespace hub::notifications {
namespace {

// A line break inside a field would end it early (and could forge fields): the id and the type are
// ours and have none, and data is split into lines here.
void append_line(std::string& out, std::string_view field, std::string_view value) {
  out.append(field).append(": ");
  for (char c : value) {
    if (c != '\n' && c != '\r') out.push_back(c);
  }
  out.push_back('\n');
}

}  // namespace

std::string sse_event(std::string_view id, std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(data.size() + id.size() + event.size() + 32);
  append_line(out, "id", id);
  append_line(out, "event", event);
  std::size_t start = 0;
  while (true) {
    const auto end = data.find_first_of("\r\n", start);
    append_line(out, "data", data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    // \r\n is one line break.
    start = (data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n') ? end + 2 : end + 1;
  }
  out.push_back('\n');
  return out;
}

std::string sse_retry(std::chrono::milliseconds delay) {
  return "retry: " + std::to_string(delay.count()) + "\n";
}

}  // namespace hub::notifications

#pragma once
// Reading and writing messages on the hot path without Beast's composed operations (wire.cpp).
#include <array>
#include <memory_resource>
#include <string>

#include "common/http/detail/buffers.hpp"
#include "common/http/detail/timed_socket.hpp"

namespace hub::http::detail {

// Hot-path I/O (wire.cpp). The sockets are non-blocking, so a send is tried at once.
enum class ReadUntil { kHeader, kMessage };
// Feeds the parser from `buffer` and the socket until the header (or, for a buffer_body, the whole
// message or a full body buffer: need_buffer) is parsed. Errors are Beast's: end_of_stream when the
// peer closed before a byte, partial_message, header_limit, buffer_overflow, timeout.
template <bool isRequest>
net::awaitable<void> read_parsed(TimedSocket& s, beast::flat_buffer& buffer, bhttp::basic_parser<isRequest>& parser,
                                 ReadUntil until, error_code& ec);
// Sends both pieces, in one sendmsg when the socket has room.
net::awaitable<void> send_all(TimedSocket& s, const std::array<net::const_buffer, 2>& pieces, error_code& ec);
// Appends a message header as it goes on the wire: start line, fields, blank line.
template <class Fields>
void render_header(std::pmr::string& out, const bhttp::request<bhttp::buffer_body, Fields>& m) {
  out.append(m.method_string())
      .append(" ")
      .append(m.target())
      .append(m.version() == 10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
  for (const auto& f : m)
    out.append(f.name_string()).append(": ").append(f.value()).append("\r\n");
  out.append("\r\n");
}
template <class Fields>
void render_header(std::pmr::string& out, const bhttp::response<bhttp::buffer_body, Fields>& m) {
  char status[4] = {static_cast<char>('0' + m.result_int() / 100 % 10),
                    static_cast<char>('0' + m.result_int() / 10 % 10), static_cast<char>('0' + m.result_int() % 10),
                    ' '};
  out.append(m.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ").append(status, 4).append(m.reason()).append("\r\n");
  for (const auto& f : m)
    out.append(f.name_string()).append(": ").append(f.value()).append("\r\n");
  out.append("\r\n");
}

}  // namespace hub::http::detail

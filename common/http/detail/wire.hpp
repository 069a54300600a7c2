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
}  // namespace hub::http::detail

// Reading and writing HTTP/1.1 on the proxy's hot path without Beast's composed operations. Beast
// still parses (basic_parser) and keeps the fields; what is skipped is the layering of its async
// algorithms (a read is three nested composed operations, each with its own work tracking and,
// when data is already buffered, a trip through the scheduler) and its serializer's buffer views.
// A header is rendered into one contiguous buffer and sent with the body in one sendmsg, at once
// when the socket has room (it almost always does); only the remainder, if any, waits.
#include "common/http/detail/wire.hpp"

#include "common/util/strings.hpp"

namespace hub::http::detail {

bool is_hop_by_hop(std::string_view name) {
  // By length first: every header of every proxied message passes through here.
  switch (name.size()) {
    case 2:
      return util::iequals(name, "te");
    case 7:
      return util::iequals(name, "trailer") || util::iequals(name, "upgrade");
    case 10:
      return util::iequals(name, "connection") || util::iequals(name, "keep-alive");
    case 14:
      return util::iequals(name, "content-length");
    case 16:
      return util::iequals(name, "proxy-connection");
    case 17:
      return util::iequals(name, "transfer-encoding");
    case 18:
      return util::iequals(name, "proxy-authenticate");
    case 19:
      return util::iequals(name, "proxy-authorization");
    default:
      return false;
  }
}

bool is_internal_header(std::string_view name) {
  return util::istarts_with(name, "x-hub-");
}

template <bool isRequest>
net::awaitable<void> read_parsed(TimedSocket& s, beast::flat_buffer& buffer, bhttp::basic_parser<isRequest>& parser,
                                 ReadUntil until, error_code& ec) {
  ec = {};
  auto done = [&] { return parser.is_done() || (until == ReadUntil::kHeader && parser.is_header_done()); };
  while (!done()) {
    if (buffer.size() > 0) {
      const std::size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec != bhttp::error::need_more) {
        if (ec || used > 0) {
          if (ec) co_return;
          continue;
        }
      }
      ec = {};
    }
    const std::size_t room = beast::read_size(buffer, 65536);
    if (room == 0) {
      ec = bhttp::error::buffer_overflow;
      co_return;
    }
    const std::size_t n = co_await s.async_read_some(buffer.prepare(room), net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::eof) {
      // The same distinction Beast's read makes: nothing at all is a clean end of the connection.
      if (parser.got_some()) {
        ec = {};
        parser.put_eof(ec);
      } else {
        ec = bhttp::error::end_of_stream;
      }
      co_return;
    }
    if (ec) co_return;
    buffer.commit(n);
  }
}

template net::awaitable<void> read_parsed<true>(TimedSocket&, beast::flat_buffer&, bhttp::basic_parser<true>&,
                                                ReadUntil, error_code&);
template net::awaitable<void> read_parsed<false>(TimedSocket&, beast::flat_buffer&, bhttp::basic_parser<false>&,
                                                 ReadUntil, error_code&);

net::awaitable<void> send_all(TimedSocket& s, const std::array<net::const_buffer, 2>& pieces, error_code& ec) {
  ec = {};
  std::array<net::const_buffer, 2> rest = pieces;
  std::size_t sent = s.socket().send(rest, 0, ec);
  if (ec == net::error::would_block || ec == net::error::try_again) {
    ec = {};
    sent = 0;
  }
  if (ec) co_return;
  for (auto& piece : rest) {
    const std::size_t skip = std::min(sent, piece.size());
    piece += skip;
    sent -= skip;
  }
  if (rest[0].size() + rest[1].size() == 0) co_return;
  co_await net::async_write(s, rest, net::redirect_error(net::use_awaitable, ec));
}

}  // namespace hub::http::detail

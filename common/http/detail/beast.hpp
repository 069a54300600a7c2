#pragma once
// The names every file of the HTTP core uses for Beast and Asio, and the few helpers that translate
// between Beast's messages and the plain types of message.hpp. Only common/http includes detail/:
// services see plain interfaces, so they compile without Beast's headers.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <string_view>

#include "common/http/message.hpp"
#include "common/util/strings.hpp"

namespace hub::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

// The one body buffer's size: a transfer of any length holds at most this much body in memory.
constexpr std::size_t kChunk = 64 * 1024;

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded; framing
// (Content-Length, Transfer-Encoding) is set by the serializer from the parsed message instead.
bool is_hop_by_hop(std::string_view name);
// Client-supplied identity headers: only the gateway may set X-Hub-*.
bool is_internal_header(std::string_view name);

// Copies Beast fields into plain headers.
template <class Fields>
Headers to_headers(const Fields& fields) {
  Headers out;
  out.reserve(16);  // room for what the handler chain adds (the gateway adds four or five)
  for (const auto& f : fields)
    out.add(std::string_view(f.name_string()), std::string_view(f.value()));
  return out;
}

// A local response's headers onto its Beast message; the framing (Content-Length,
// Transfer-Encoding, Connection) is the serializer's to set.
template <class Message>
void copy_headers(const Headers& from, Message& to) {
  for (const auto& h : from) {
    if (util::iequals(h.name, "content-length") || util::iequals(h.name, "transfer-encoding") ||
        util::iequals(h.name, "connection")) {
      continue;
    }
    to.insert(h.name, h.value);
  }
}

// Method, target, version, the caller's headers and Host: the part every outgoing request shares
// (the blocking client's and a peer call's).
template <class Message, class Request>
void start_message(Message& message, const Request& request, const std::string& host) {
  message.method_string(request.method);
  message.target(request.target);
  message.version(11);
  for (const auto& h : request.headers)
    message.insert(h.name, h.value);
  message.set(bhttp::field::host, host);
}

}  // namespace hub::http::detail

// parse_outbound_url (outbound.hpp): the shape of a URL a user gave as a webhook target. Kept apart
// from the client, in the library without Beast or Asio, as parsers of untrusted input are.
#include <arpa/inet.h>

#include <cstring>

#include "common/http/outbound.hpp"
#include "common/util/strings.hpp"

namespace hub::http {

namespace {

constexpr std::size_t kMaxUrl = 2048;
constexpr std::size_t kMaxHost = 253;

bool is_ipv4_literal(const std::string& host) {
  in_addr a{};
  return ::inet_pton(AF_INET, host.c_str(), &a) == 1;
}

// A name's last label that is a number makes resolvers read the whole name as an IPv4 address in
// some legacy spelling ("127.1", "2130706433", "0x7f.0.0.1"): only the dotted quad is accepted, so
// the address a user sees is the one the client connects to.
bool looks_numeric(std::string_view host) {
  if (host.ends_with('.')) host.remove_suffix(1);
  const auto dot = host.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? host : host.substr(dot + 1);
  if (last.empty()) return false;
  if (last.size() > 1 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X')) return true;
  return last.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

}  // namespace

Result<OutboundUrl> parse_outbound_url(std::string_view url) {
  if (url.empty()) return fail("the URL is empty");
  if (url.size() > kMaxUrl) return fail("the URL is longer than 2048 bytes");
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f)
      return fail("the URL may hold only printable ASCII without spaces (percent-encode the rest)");
    if (c == '\\') return fail("the URL may not hold a backslash");
  }
  OutboundUrl out;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return fail("the URL must start with http:// or https://");
  const std::string scheme = util::to_lower(url.substr(0, scheme_end));
  if (scheme == "https") {
    out.tls = true;
  } else if (scheme != "http") {
    return fail("only http and https URLs are allowed");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);  // never sent
  const auto authority_end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, authority_end);
  const std::string_view target =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) return fail("the URL may not carry a user name or password");
  if (authority.empty()) return fail("the URL has no host");

  std::string_view host;
  std::string_view port;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail("unterminated IPv6 address in the URL");
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("unexpected text after the IPv6 address in the URL");
      port = after.substr(1);
    }
    in6_addr a{};
    if (::inet_pton(AF_INET6, std::string(host).c_str(), &a) != 1)
      return fail("not an IPv6 address: " + std::string(host));
    out.host = util::to_lower(host);
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    if (host.empty()) return fail("the URL has no host");
    if (host.size() > kMaxHost) return fail("the host name is longer than 253 bytes");
    out.host = util::to_lower(host);
    for (char c : out.host) {
      if (!is_name_char(c))
        return fail("the host may hold only letters, digits, '-', '_' and '.' (IDNs in their xn-- form)");
    }
    if (out.host.front() == '.' || out.host.find("..") != std::string::npos) return fail("the host has an empty label");
    if (looks_numeric(out.host) && !is_ipv4_literal(out.host))
      return fail("an IPv4 address must be written as four decimal numbers");
  }

  out.port = out.tls ? 443 : 80;
  if (!port.empty()) {
    const auto n = util::parse_uint(port);
    if (!n || port.size() > 5 || *n == 0 || *n > 65535) return fail("the port must be a number from 1 to 65535");
    out.port = static_cast<std::uint16_t>(*n);
  }
  if (target.empty()) {
    out.target = "/";
  } else if (target.front() == '?') {
    out.target = "/" + std::string(target);
  } else {
    out.target = std::string(target);
  }
  return out;
}

}  // namespace hub::http

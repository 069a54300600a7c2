#pragma once
// IP addresses and CIDR blocks as data: parsing (through inet_pton), containment, and the client
// address behind trusted proxies. Nothing here opens a socket; org IP allowlists and the gateway's
// HUB_TRUSTED_PROXIES are checked with these.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace hub::net {

struct Address {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // the first 4 for IPv4

  std::string str() const;
  bool operator==(const Address&) const = default;
};

// "203.0.113.7", "2001:db8::1", "[2001:db8::1]"; an IPv4-mapped IPv6 address ("::ffff:1.2.3.4")
// is its IPv4 address, so one rule covers a client whichever socket family it arrived on.
std::optional<Address> parse_address(std::string_view text);

struct Cidr {
  Address base;  // host bits cleared
  int prefix = 0;

  bool contains(const Address& a) const;
  std::string str() const;  // canonical: "10.0.0.0/8"
};

// "10.0.0.0/8", "2001:db8::/32"; a bare address is a block of one. Host bits set below the prefix
// are refused ("10.0.0.1/8" is ambiguous about what was meant).
Result<Cidr> parse_cidr(std::string_view text);

bool contains_any(const std::vector<Cidr>& blocks, const Address& a);

// The client of a request that reached us from `peer` with `forwarded_for` (X-Forwarded-For as
// received, possibly several comma-separated headers' worth): walking from the right, every hop
// that is a trusted proxy is skipped; the first that is not is the client. With no trusted peer
// the header is ignored, since anyone can write it.
std::string client_address(std::string_view peer, std::string_view forwarded_for, const std::vector<Cidr>& trusted);

}  // namespace hub::net

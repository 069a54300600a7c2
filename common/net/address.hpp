#pragma once
// IP addresses and CIDR blocks as data: parsing (through inet_pton), containment, the client
// address behind trusted proxies, and what kind of network an address belongs to. Nothing here opens
// a socket; org IP allowlists, the gateway's HUB_TRUSTED_PROXIES and the webhook client's refusal of
// internal targets are checked with these.
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

// What kind of network an address is in, for deciding whether a user-chosen target (a webhook
// receiver) may be connected to. IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d,
// NAT64 64:ff9b::/96, IPv4-compatible ::a.b.c.d, 6to4 2002::/16) are classified by that address, so
// no spelling of 127.0.0.1 or 10.0.0.1 passes for public.
enum class AddressClass {
  kPublic,
  kLoopback,     // 127/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), fc00::/7, fec0::/10, 64:ff9b:1::/48
  kLinkLocal,    // 169.254/16, fe80::/10
  kMulticast,    // 224/4, ff00::/8
  kUnspecified,  // 0/8 (0.0.0.0 reaches the local host on Linux), ::
  kMetadata,     // cloud instance metadata and host services (169.254.169.254, fd00:ec2::254, ...)
  kReserved,     // documentation, benchmarking, protocol assignments, 240/4, Teredo, unallocated IPv6
};

std::string_view address_class_name(AddressClass c);

AddressClass classify(const Address& a);

// Whether a connection to `a` may be opened for a user's request. Public addresses always may.
// `allow_private` (HUB_WEBHOOK_ALLOW_PRIVATE: receivers on the hub's own machine or network) admits
// loopback, private, link-local and metadata addresses: metadata sits inside link-local and private
// ranges, so a setup that admits those admits it too (and an operator who sets the flag on a cloud
// machine lets webhook owners reach its metadata service: the flag is for trusted users).
// Unspecified, multicast and reserved addresses are never admitted: TCP cannot connect to
// multicast, 0.0.0.0 is the local host in disguise, and nothing legitimate listens on the rest.
bool reachable_target(const Address& a, bool allow_private);

}  // namespace hub::net

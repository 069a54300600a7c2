#include "common/net/address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <utility>

#include "common/util/enum_names.hpp"
#include "common/util/strings.hpp"

namespace hub::net {

std::string Address::str() const {
  char out[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), out, sizeof out);
  return out;
}

std::optional<Address> parse_address(std::string_view text) {
  text = util::trim(text);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string z(text);
  Address a;
  if (::inet_pton(AF_INET, z.c_str(), a.bytes.data()) == 1) return a;
  if (::inet_pton(AF_INET6, z.c_str(), a.bytes.data()) != 1) return std::nullopt;
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a.bytes.data(), kMapped, sizeof kMapped) == 0) {
    Address v4;
    std::memcpy(v4.bytes.data(), a.bytes.data() + 12, 4);
    return v4;
  }
  a.v6 = true;
  return a;
}

namespace {

bool prefix_equal(const Address& a, const Address& b, int prefix) {
  const int full = prefix / 8;
  if (std::memcmp(a.bytes.data(), b.bytes.data(), static_cast<std::size_t>(full)) != 0) return false;
  const int rest = prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a.bytes[static_cast<std::size_t>(full)] & mask) == (b.bytes[static_cast<std::size_t>(full)] & mask);
}

}  // namespace

bool Cidr::contains(const Address& a) const {
  return a.v6 == base.v6 && prefix_equal(a, base, prefix);
}

std::string Cidr::str() const {
  return base.str() + "/" + std::to_string(prefix);
}

Result<Cidr> parse_cidr(std::string_view text) {
  text = util::trim(text);
  const auto slash = text.find('/');
  auto address = parse_address(text.substr(0, slash));
  if (!address) return fail("not an IP address or CIDR block: " + std::string(text.substr(0, 64)));
  const int bits = address->v6 ? 128 : 32;
  int prefix = bits;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return fail("bad prefix length in " + std::string(text.substr(0, 64)));
    }
    prefix = std::stoi(std::string(digits));
    if (prefix > bits) return fail("prefix longer than the address in " + std::string(text.substr(0, 64)));
  }
  Cidr block{*address, prefix};
  Address cleared;
  cleared.v6 = address->v6;
  for (int i = 0; i < prefix / 8; ++i)
    cleared.bytes[static_cast<std::size_t>(i)] = address->bytes[static_cast<std::size_t>(i)];
  if (prefix % 8 != 0) {
    const auto at = static_cast<std::size_t>(prefix / 8);
    cleared.bytes[at] = static_cast<std::uint8_t>(address->bytes[at] & (0xff << (8 - prefix % 8)));
  }
  if (!(cleared == *address)) {
    return fail("host bits set below the prefix in " + std::string(text.substr(0, 64)) + " (did you mean " +
                Cidr{cleared, prefix}.str() + "?)");
  }
  return block;
}

bool contains_any(const std::vector<Cidr>& blocks, const Address& a) {
  for (const auto& b : blocks) {
    if (b.contains(a)) return true;
  }
  return false;
}

std::string client_address(std::string_view peer, std::string_view forwarded_for, const std::vector<Cidr>& trusted) {
  auto hop = parse_address(peer);
  if (!hop || !contains_any(trusted, *hop) || forwarded_for.empty()) return std::string(peer);
  std::string client(peer);
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view item = util::trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    auto address = parse_address(item);
    if (!address) break;  // garbage: the last good hop is as far as we can trust
    client = address->str();
    if (!contains_any(trusted, *address)) break;
  }
  return client;
}

namespace {

constexpr util::EnumNames<AddressClass, 8> kClassNames{{
    {AddressClass::kPublic, "public"},
    {AddressClass::kLoopback, "loopback"},
    {AddressClass::kPrivate, "private"},
    {AddressClass::kLinkLocal, "link-local"},
    {AddressClass::kMulticast, "multicast"},
    {AddressClass::kUnspecified, "unspecified"},
    {AddressClass::kMetadata, "metadata"},
    {AddressClass::kReserved, "reserved"},
}};

struct Block {
  const char* cidr;
  AddressClass kind;
};

// The first block containing an address decides, so single addresses come before the ranges that
// hold them. Sources: the IANA special-purpose registries (RFC 6890 and its updates) and the
// providers' documentation of their metadata endpoints.
constexpr Block kV4Blocks[] = {
    {"169.254.169.254/32", AddressClass::kMetadata},  // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
    {"169.254.170.2/32", AddressClass::kMetadata},    // AWS ECS task credentials
    {"169.254.170.23/32", AddressClass::kMetadata},   // AWS EKS Pod Identity agent
    {"169.254.0.23/32", AddressClass::kMetadata},     // Tencent Cloud
    {"100.100.100.200/32", AddressClass::kMetadata},  // Alibaba Cloud
    {"192.0.0.192/32", AddressClass::kMetadata},      // Oracle Cloud (legacy)
    // Azure's WireServer: a public address that answers only inside Azure, with the host's secrets.
    {"168.63.129.16/32", AddressClass::kMetadata},
    {"0.0.0.0/8", AddressClass::kUnspecified},
    {"10.0.0.0/8", AddressClass::kPrivate},
    {"100.64.0.0/10", AddressClass::kPrivate},  // carrier-grade NAT: some provider's inside
    {"127.0.0.0/8", AddressClass::kLoopback},
    {"169.254.0.0/16", AddressClass::kLinkLocal},
    {"172.16.0.0/12", AddressClass::kPrivate},
    {"192.0.0.0/24", AddressClass::kReserved},    // IETF protocol assignments
    {"192.0.2.0/24", AddressClass::kReserved},    // documentation
    {"192.88.99.0/24", AddressClass::kReserved},  // 6to4 relay anycast (deprecated)
    {"192.168.0.0/16", AddressClass::kPrivate},
    {"198.18.0.0/15", AddressClass::kReserved},    // benchmarking
    {"198.51.100.0/24", AddressClass::kReserved},  // documentation
    {"203.0.113.0/24", AddressClass::kReserved},   // documentation
    {"224.0.0.0/4", AddressClass::kMulticast},
    {"240.0.0.0/4", AddressClass::kReserved},  // future use, and 255.255.255.255
};

// IPv6 forms that carry an IPv4 address are handled before this table (classify_v6).
constexpr Block kV6Blocks[] = {
    {"fd00:ec2::254/128", AddressClass::kMetadata},  // AWS instance metadata over IPv6
    {"fd00:ec2::23/128", AddressClass::kMetadata},   // AWS EKS Pod Identity agent over IPv6
    {"fd20:ce::254/128", AddressClass::kMetadata},   // Google Cloud metadata over IPv6
    {"64:ff9b:1::/48", AddressClass::kPrivate},      // local-use NAT64 (RFC 8215): a network's own translator
    {"100::/64", AddressClass::kReserved},           // discard-only
    {"2001::/23", AddressClass::kReserved},          // IETF protocol assignments, Teredo (2001::/32) among them
    {"2001:db8::/32", AddressClass::kReserved},      // documentation
    {"3fff::/20", AddressClass::kReserved},          // documentation (RFC 9637)
    {"fc00::/7", AddressClass::kPrivate},            // unique local
    {"fe80::/10", AddressClass::kLinkLocal},
    {"fec0::/10", AddressClass::kPrivate},  // site-local (deprecated, still routed inside some sites)
    {"ff00::/8", AddressClass::kMulticast},
    {"2000::/3", AddressClass::kPublic},  // global unicast: everything IANA has allocated
};

template <std::size_t N>
std::vector<std::pair<Cidr, AddressClass>> parsed(const Block (&blocks)[N]) {
  std::vector<std::pair<Cidr, AddressClass>> out;
  for (const auto& b : blocks)
    out.emplace_back(parse_cidr(b.cidr).value(), b.kind);
  return out;
}

AddressClass first_match(const std::vector<std::pair<Cidr, AddressClass>>& table, const Address& a,
                         AddressClass otherwise) {
  for (const auto& [block, kind] : table) {
    if (block.contains(a)) return kind;
  }
  return otherwise;
}

AddressClass classify_v4(const Address& a) {
  static const auto table = parsed(kV4Blocks);
  return first_match(table, a, AddressClass::kPublic);
}

Address v4_at(const Address& a, std::size_t offset) {
  Address v4;
  std::memcpy(v4.bytes.data(), a.bytes.data() + offset, 4);
  return v4;
}

bool starts_with(const Address& a, std::initializer_list<std::uint8_t> prefix) {
  return std::equal(prefix.begin(), prefix.end(), a.bytes.begin());
}

AddressClass classify_v6(const Address& a) {
  static constexpr std::uint8_t kZero12[12] = {};
  const bool first_96_zero = std::memcmp(a.bytes.data(), kZero12, 12) == 0;
  // ::ffff:a.b.c.d is a.b.c.d on a dual-stack socket; 64:ff9b::a.b.c.d is a.b.c.d through the
  // network's NAT64 translator: both reach exactly that IPv4 address.
  if (starts_with(a, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}) ||
      starts_with(a, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})) {
    return classify_v4(v4_at(a, 12));
  }
  if (first_96_zero) {
    const std::uint32_t low = (std::uint32_t{a.bytes[12]} << 24) | (std::uint32_t{a.bytes[13]} << 16) |
                              (std::uint32_t{a.bytes[14]} << 8) | a.bytes[15];
    if (low == 0) return AddressClass::kUnspecified;
    if (low == 1) return AddressClass::kLoopback;
    // IPv4-compatible ::a.b.c.d (deprecated since 2006): its IPv4 address's class, and never public.
    const auto inner = classify_v4(v4_at(a, 12));
    return inner == AddressClass::kPublic ? AddressClass::kReserved : inner;
  }
  // 6to4: 2002:AABB:CCDD::/48 is routed to the IPv4 host a.b.c.d's tunnel.
  if (starts_with(a, {0x20, 0x02})) return classify_v4(v4_at(a, 2));
  static const auto table = parsed(kV6Blocks);
  return first_match(table, a, AddressClass::kReserved);
}

}  // namespace

std::string_view address_class_name(AddressClass c) {
  return util::name_of(kClassNames, c);
}

AddressClass classify(const Address& a) {
  return a.v6 ? classify_v6(a) : classify_v4(a);
}

bool reachable_target(const Address& a, bool allow_private) {
  switch (classify(a)) {
    case AddressClass::kPublic:
      return true;
    case AddressClass::kLoopback:
    case AddressClass::kPrivate:
    case AddressClass::kLinkLocal:
    case AddressClass::kMetadata:
      return allow_private;
    case AddressClass::kMulticast:
    case AddressClass::kUnspecified:
    case AddressClass::kReserved:
      return false;
  }
  return false;
}

}  // namespace hub::net

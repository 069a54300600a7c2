#include "common/net/address.hpp"

#include <arpa/inet.h>

#include <cstring>

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

}  // namespace hub::net

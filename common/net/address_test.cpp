#include "common/net/address.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace hub::net {
namespace {

std::vector<Cidr> blocks(std::initializer_list<const char*> texts) {
  std::vector<Cidr> out;
  for (const char* t : texts)
    out.push_back(parse_cidr(t).value());
  return out;
}

TEST(Address, ParsesBothFamiliesAndFoldsMappedV4) {
  EXPECT_EQ(parse_address("203.0.113.7")->str(), "203.0.113.7");
  EXPECT_EQ(parse_address("[2001:db8::1]")->str(), "2001:db8::1");
  auto mapped = parse_address("::ffff:10.1.2.3");
  ASSERT_TRUE(mapped);
  EXPECT_FALSE(mapped->v6);
  EXPECT_EQ(mapped->str(), "10.1.2.3");
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "example.com", "1.2.3.4:80", "::g", "10.0.0.1\n"}) {
    EXPECT_FALSE(parse_address(bad)) << bad;
  }
}

TEST(Cidr, ContainsByPrefixAndFamily) {
  auto net = parse_cidr("10.0.0.0/8").value();
  EXPECT_TRUE(net.contains(*parse_address("10.255.1.2")));
  EXPECT_FALSE(net.contains(*parse_address("11.0.0.1")));
  EXPECT_TRUE(net.contains(*parse_address("::ffff:10.0.0.1")));  // mapped: the same client
  EXPECT_FALSE(net.contains(*parse_address("2001:db8::1")));
  auto v6 = parse_cidr("2001:db8::/32").value();
  EXPECT_TRUE(v6.contains(*parse_address("2001:db8:ffff::9")));
  EXPECT_FALSE(v6.contains(*parse_address("2001:db9::1")));
  EXPECT_FALSE(v6.contains(*parse_address("10.0.0.1")));
  auto odd = parse_cidr("192.168.4.0/22").value();
  EXPECT_TRUE(odd.contains(*parse_address("192.168.7.255")));
  EXPECT_FALSE(odd.contains(*parse_address("192.168.8.0")));
  EXPECT_TRUE(parse_cidr("0.0.0.0/0")->contains(*parse_address("198.51.100.1")));
  EXPECT_EQ(parse_cidr("203.0.113.9")->str(), "203.0.113.9/32");
  EXPECT_EQ(parse_cidr("::1")->str(), "::1/128");
}

TEST(Cidr, RefusesMalformedBlocks) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "2001:db8::/129", "x/8",
                          "10.0.0.1/8", "10.0.0.0/ 8", "10.0.0.0/0008"}) {
    EXPECT_FALSE(parse_cidr(bad)) << bad;
  }
  EXPECT_NE(parse_cidr("10.0.0.1/8").error().find("10.0.0.0/8"), std::string::npos);
}

TEST(ClientAddress, ForwardedForCountsOnlyBehindTrustedProxies) {
  const auto trusted = blocks({"127.0.0.0/8", "10.0.0.0/8"});
  // An untrusted peer: its header is anybody's writing.
  EXPECT_EQ(client_address("198.51.100.4", "203.0.113.7", trusted), "198.51.100.4");
  // A trusted proxy: the rightmost hop it vouches for.
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.7", trusted), "203.0.113.7");
  // A client-written prefix before the real hops is skipped over.
  EXPECT_EQ(client_address("127.0.0.1", "1.1.1.1, 203.0.113.7, 10.0.0.5", trusted), "203.0.113.7");
  // All trusted: the leftmost.
  EXPECT_EQ(client_address("127.0.0.1", "10.0.0.9, 10.0.0.5", trusted), "10.0.0.9");
  // Garbage stops the walk at the last good hop.
  EXPECT_EQ(client_address("127.0.0.1", "evil, 10.0.0.5", trusted), "10.0.0.5");
  EXPECT_EQ(client_address("127.0.0.1", "", trusted), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", "2001:db8::7", trusted), "2001:db8::7");
}

// The class of an address given as text; a failed parse is a failed test, not a crash.
AddressClass class_of(const char* text) {
  auto a = parse_address(text);
  EXPECT_TRUE(a) << text;
  return a ? classify(*a) : AddressClass::kPublic;
}

// ::ffff:a.b.c.d as a resolver hands it over: an IPv6 address, not folded into IPv4 by parsing.
Address unfolded_mapped(const char* v4) {
  Address a;
  a.v6 = true;
  a.bytes[10] = 0xff;
  a.bytes[11] = 0xff;
  const auto inner = parse_address(v4).value();
  std::copy_n(inner.bytes.begin(), 4, a.bytes.begin() + 12);
  return a;
}

struct Case {
  const char* address;
  AddressClass expected;
};

TEST(Classify, Ipv4SpecialRanges) {
  using C = AddressClass;
  const Case cases[] = {
      {"0.0.0.0", C::kUnspecified},     {"0.1.2.3", C::kUnspecified},      {"10.0.0.1", C::kPrivate},
      {"10.255.255.255", C::kPrivate},  {"100.64.0.1", C::kPrivate},       {"100.127.255.254", C::kPrivate},
      {"100.63.255.255", C::kPublic},   {"100.128.0.0", C::kPublic},       {"127.0.0.1", C::kLoopback},
      {"127.255.0.9", C::kLoopback},    {"169.254.1.1", C::kLinkLocal},    {"172.16.0.1", C::kPrivate},
      {"172.31.255.255", C::kPrivate},  {"172.15.255.255", C::kPublic},    {"172.32.0.0", C::kPublic},
      {"192.0.0.1", C::kReserved},      {"192.0.2.10", C::kReserved},      {"192.88.99.1", C::kReserved},
      {"192.168.1.1", C::kPrivate},     {"192.169.0.1", C::kPublic},       {"198.18.0.1", C::kReserved},
      {"198.19.255.255", C::kReserved}, {"198.20.0.0", C::kPublic},        {"198.51.100.7", C::kReserved},
      {"203.0.113.7", C::kReserved},    {"224.0.0.1", C::kMulticast},      {"239.255.255.255", C::kMulticast},
      {"240.0.0.1", C::kReserved},      {"255.255.255.255", C::kReserved}, {"8.8.8.8", C::kPublic},
      {"1.1.1.1", C::kPublic},          {"223.255.255.255", C::kPublic},   {"11.0.0.0", C::kPublic},
  };
  for (const auto& c : cases)
    EXPECT_EQ(class_of(c.address), c.expected) << c.address;
}

TEST(Classify, MetadataEndpointsBeforeTheirRanges) {
  for (const char* metadata :
       {"169.254.169.254", "169.254.170.2", "169.254.170.23", "169.254.0.23", "100.100.100.200", "192.0.0.192",
        "168.63.129.16", "fd00:ec2::254", "fd00:ec2::23", "fd20:ce::254", "::ffff:169.254.169.254",
        "64:ff9b::169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1"}) {
    EXPECT_EQ(class_of(metadata), AddressClass::kMetadata) << metadata;
  }
  // Their neighbours are what their ranges make them.
  EXPECT_EQ(class_of("169.254.169.253"), AddressClass::kLinkLocal);
  EXPECT_EQ(class_of("100.100.100.201"), AddressClass::kPrivate);
  EXPECT_EQ(class_of("168.63.129.17"), AddressClass::kPublic);
  EXPECT_EQ(class_of("fd00:ec2::255"), AddressClass::kPrivate);
}

TEST(Classify, Ipv6SpecialRanges) {
  using C = AddressClass;
  const Case cases[] = {
      {"::", C::kUnspecified},
      {"::1", C::kLoopback},
      {"fc00::1", C::kPrivate},
      {"fdff:ffff::1", C::kPrivate},
      {"fe80::1", C::kLinkLocal},
      {"febf:ffff::1", C::kLinkLocal},
      {"fec0::1", C::kPrivate},
      {"ff02::1", C::kMulticast},
      {"ff0e::101", C::kMulticast},
      {"2001:db8::1", C::kReserved},
      {"2001:db8:ffff::1", C::kReserved},
      {"2001::1", C::kReserved},  // Teredo: an IPv4 host hidden behind a relay
      {"2001:0:4136:e378:8000:63bf:3fff:fdd2", C::kReserved},
      {"2001:2::1", C::kReserved},        // benchmarking
      {"3fff::1", C::kReserved},          // documentation
      {"100::1", C::kReserved},           // discard-only
      {"64:ff9b:1::a00:1", C::kPrivate},  // local-use NAT64
      {"::ffff:0:a00:1", C::kReserved},   // SIIT-translated form: nothing to reach there
      {"5f00::1", C::kReserved},          // outside global unicast
      {"2606:4700:4700::1111", C::kPublic},
      {"2a00:1450:4001:80b::200e", C::kPublic},
      {"2001:4860:4860::8888", C::kPublic},
      {"2001:200::1", C::kPublic},  // just past the IETF block
  };
  for (const auto& c : cases)
    EXPECT_EQ(class_of(c.address), c.expected) << c.address;
}

TEST(Classify, Ipv6FormsCarryingIpv4AreTheirIpv4) {
  using C = AddressClass;
  // Mapped, whether parsing folded it or a resolver handed it over as IPv6.
  EXPECT_EQ(class_of("::ffff:127.0.0.1"), C::kLoopback);
  EXPECT_EQ(class_of("::ffff:7f00:1"), C::kLoopback);
  EXPECT_EQ(classify(unfolded_mapped("127.0.0.1")), C::kLoopback);
  EXPECT_EQ(classify(unfolded_mapped("10.1.2.3")), C::kPrivate);
  EXPECT_EQ(classify(unfolded_mapped("0.0.0.0")), C::kUnspecified);
  EXPECT_EQ(classify(unfolded_mapped("93.184.216.34")), C::kPublic);
  // NAT64: the translator connects to the embedded address.
  EXPECT_EQ(class_of("64:ff9b::127.0.0.1"), C::kLoopback);
  EXPECT_EQ(class_of("64:ff9b::a00:1"), C::kPrivate);
  EXPECT_EQ(class_of("64:ff9b::c0a8:101"), C::kPrivate);
  EXPECT_EQ(class_of("64:ff9b::93.184.216.34"), C::kPublic);
  // IPv4-compatible (deprecated): its IPv4 address's class, and never public.
  EXPECT_EQ(class_of("::127.0.0.1"), C::kLoopback);
  EXPECT_EQ(class_of("::10.0.0.1"), C::kPrivate);
  EXPECT_EQ(class_of("::0.0.0.2"), C::kUnspecified);
  EXPECT_EQ(class_of("::93.184.216.34"), C::kReserved);
  // 6to4: 2002:AABB:CCDD::/48 belongs to the IPv4 host a.b.c.d.
  EXPECT_EQ(class_of("2002:7f00:1::1"), C::kLoopback);
  EXPECT_EQ(class_of("2002:a00:1::1"), C::kPrivate);
  EXPECT_EQ(class_of("2002:c0a8:101::"), C::kPrivate);
  EXPECT_EQ(class_of("2002:e000:1::1"), C::kMulticast);
  EXPECT_EQ(class_of("2002:5db8:d822::1"), C::kPublic);
}

TEST(Classify, ReachableTargets) {
  const char* always[] = {"8.8.8.8", "2606:4700:4700::1111", "64:ff9b::8.8.8.8"};
  const char* only_when_private_allowed[] = {
      "127.0.0.1",       "::1",           "10.0.0.1",         "192.168.0.10", "fd12::1", "fe80::1", "169.254.1.1",
      "169.254.169.254", "fd00:ec2::254", "::ffff:127.0.0.1", "100.64.1.1"};
  const char* never[] = {"0.0.0.0",     "::",      "224.0.0.1", "ff02::1",    "255.255.255.255", "192.0.2.1",
                         "2001:db8::1", "2001::1", "240.0.0.1", "198.18.0.1", "::93.184.216.34"};
  for (const char* t : always) {
    EXPECT_TRUE(reachable_target(*parse_address(t), false)) << t;
    EXPECT_TRUE(reachable_target(*parse_address(t), true)) << t;
  }
  for (const char* t : only_when_private_allowed) {
    EXPECT_FALSE(reachable_target(*parse_address(t), false)) << t;
    EXPECT_TRUE(reachable_target(*parse_address(t), true)) << t;
  }
  for (const char* t : never) {
    EXPECT_FALSE(reachable_target(*parse_address(t), false)) << t;
    EXPECT_FALSE(reachable_target(*parse_address(t), true)) << t;
  }
  EXPECT_FALSE(reachable_target(unfolded_mapped("127.0.0.1"), false));
  EXPECT_EQ(address_class_name(AddressClass::kLinkLocal), "link-local");
  EXPECT_EQ(address_class_name(AddressClass::kMetadata), "metadata");
}

}  // namespace
}  // namespace hub::net

#include "common/net/address.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace hub::net

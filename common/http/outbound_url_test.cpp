#include <gtest/gtest.h>

#include "common/http/outbound.hpp"

namespace hub::http {
namespace {

TEST(OutboundUrl, SchemesPortsAndTargets) {
  auto plain = parse_outbound_url("http://hooks.example.com/ci?x=1");
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_FALSE(plain->tls);
  EXPECT_EQ(plain->host, "hooks.example.com");
  EXPECT_EQ(plain->port, 80);
  EXPECT_EQ(plain->target, "/ci?x=1");

  auto tls = parse_outbound_url("HTTPS://Hooks.Example.COM:8443");
  ASSERT_TRUE(tls) << tls.error();
  EXPECT_TRUE(tls->tls);
  EXPECT_EQ(tls->host, "hooks.example.com");
  EXPECT_EQ(tls->port, 8443);
  EXPECT_EQ(tls->target, "/");

  EXPECT_EQ(parse_outbound_url("https://example.com")->port, 443);
  EXPECT_EQ(parse_outbound_url("http://example.com:/a")->port, 80);
  EXPECT_EQ(parse_outbound_url("http://example.com?q=1")->target, "/?q=1");
  EXPECT_EQ(parse_outbound_url("http://example.com/a#fragment")->target, "/a");
  EXPECT_EQ(parse_outbound_url("http://example.com#f")->target, "/");
  EXPECT_EQ(parse_outbound_url("http://my_host.internal./x")->host, "my_host.internal.");
  EXPECT_EQ(parse_outbound_url("http://127.0.0.1:9/")->host, "127.0.0.1");  // allowed or not: decided at connect
  EXPECT_EQ(parse_outbound_url("http://1.2.3.4.example.com/")->host, "1.2.3.4.example.com");
  EXPECT_EQ(parse_outbound_url("http://example.com:65535/")->port, 65535);
}

TEST(OutboundUrl, Ipv6Literals) {
  auto v6 = parse_outbound_url("https://[2001:DB8::1]:8443/hook");
  ASSERT_TRUE(v6) << v6.error();
  EXPECT_EQ(v6->host, "2001:db8::1");
  EXPECT_EQ(v6->port, 8443);
  EXPECT_EQ(v6->target, "/hook");
  EXPECT_EQ(parse_outbound_url("http://[::1]")->host, "::1");
  EXPECT_EQ(parse_outbound_url("http://[::ffff:127.0.0.1]/")->host, "::ffff:127.0.0.1");
  for (const char* bad :
       {"http://[::1", "http://[::1]x/", "http://[not-v6]/", "http://[fe80::1%25eth0]/", "http://::1/", "http://[]/"}) {
    EXPECT_FALSE(parse_outbound_url(bad)) << bad;
  }
}

TEST(OutboundUrl, RefusesWhatIsNotAPlainHttpUrl) {
  for (const char* bad : {"",
                          "example.com",
                          "ftp://example.com/",
                          "file:///etc/passwd",
                          "gopher://x/",
                          "//example.com/",
                          "http:/example.com",
                          "javascript://x",
                          "http://",
                          "http:///path",
                          "http://:80/",
                          "http://exa mple.com/",
                          "http://example.com/a b",
                          "http://example.com/\r\nX: y",
                          "http://ex\\ample.com/",
                          "http://example.com\\@evil.com/",
                          "http://bücher.de/",
                          "http://ex%41mple.com/",
                          "http://example..com/",
                          "http://.example.com/"}) {
    EXPECT_FALSE(parse_outbound_url(bad)) << bad;
  }
}

TEST(OutboundUrl, RefusesUserInfo) {
  for (const char* bad : {"http://user@example.com/", "http://user:pass@example.com/", "https://@example.com/",
                          "http://example.com:80@evil.com/", "http://evil.com@127.0.0.1/"}) {
    auto r = parse_outbound_url(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().find("user name"), std::string::npos) << bad << ": " << r.error();
  }
  // In the path an @ is only a character.
  EXPECT_TRUE(parse_outbound_url("http://example.com/users/@me"));
}

TEST(OutboundUrl, Ports) {
  for (const char* bad :
       {"http://example.com:0/", "http://example.com:65536/", "http://example.com:-1/", "http://example.com:80a/",
        "http://example.com:000080/", "http://example.com:1:2/", "http://example.com:99999999999999999999/"}) {
    EXPECT_FALSE(parse_outbound_url(bad)) << bad;
  }
}

TEST(OutboundUrl, NumericHostsOnlyAsDottedQuads) {
  // Resolvers read these as IPv4 in legacy spellings (127.0.0.1, 8.0.0.1 in octal, ...).
  for (const char* bad : {"http://127.1/", "http://2130706433/", "http://0x7f.0.0.1/", "http://0x7f000001/",
                          "http://010.0.0.1/", "http://1.2.3.4.5/", "http://256.1.1.1/", "http://example.0x10/"}) {
    EXPECT_FALSE(parse_outbound_url(bad)) << bad;
  }
  EXPECT_TRUE(parse_outbound_url("http://10.0.0.1/"));
  EXPECT_TRUE(parse_outbound_url("http://a1.example.com/"));
}

TEST(OutboundUrl, Length) {
  const std::string base = "https://example.com/";
  EXPECT_TRUE(parse_outbound_url(base + std::string(2048 - base.size(), 'a')));
  auto long_url = parse_outbound_url(base + std::string(2049 - base.size(), 'a'));
  ASSERT_FALSE(long_url);
  EXPECT_NE(long_url.error().find("2048"), std::string::npos);
  EXPECT_FALSE(parse_outbound_url("http://" + std::string(254, 'a') + "/"));
  EXPECT_TRUE(parse_outbound_url("http://" + std::string(63, 'a') + "." + std::string(63, 'b') + "/"));
}

}  // namespace
}  // namespace hub::http

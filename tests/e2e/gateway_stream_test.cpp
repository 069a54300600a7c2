// Bodies stream through the gateway both ways: a gigabyte each way arrives intact while the bytes
// the gateway holds stay bounded; chunked bodies, Range and Expect: 100-continue work.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "common/crypto/sha256.hpp"
#include "common/json/json.hpp"
#include "tests/support/gateway_fixture.hpp"
#include "tests/support/pattern.hpp"
#include "tests/support/raw_connection.hpp"

namespace hub {
namespace {

constexpr std::uint64_t kGiB = 1ULL << 30;
constexpr long long kBoundedBuffer = 1 << 20;  // what "bounded" means here: far below the transfer

std::string pattern_sha256(std::uint64_t offset, std::uint64_t length) {
  test::PatternSource source(offset, length);
  crypto::Sha256 h;
  std::vector<char> buf(1 << 20);
  while (std::size_t n = source.read(buf.data(), buf.size()))
    h.update(std::string_view(buf.data(), n));
  return h.finish_hex();
}

long long gateway_buffer_peak(test::GatewayWithUpstream& stack) {
  http::Client c(stack.gateway());
  return test::metric_value(c.get("/metrics").body, "hub_http_body_buffer_bytes_peak");
}

TEST(GatewayStream, GigabyteDownloadIntactAndBounded) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  crypto::Sha256 hash;
  std::uint64_t received = 0;
  http::ClientRequest req;
  req.target = "/acme/bert/resolve/main/big.bin?op=blob&size=" + std::to_string(kGiB);
  auto res = client.send(req, [&](std::string_view piece) {
    hash.update(piece);
    received += piece.size();
  });
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.headers.get("Content-Length"), std::to_string(kGiB));
  EXPECT_EQ(received, kGiB);
  EXPECT_EQ(hash.finish_hex(), pattern_sha256(0, kGiB));
  long long peak = gateway_buffer_peak(stack);
  EXPECT_GT(peak, 0) << "the gauge must count the proxy's buffer";
  EXPECT_LE(peak, kBoundedBuffer);
}

TEST(GatewayStream, GigabyteUploadIntactAndBounded) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  http::ClientRequest req;
  req.method = "PUT";
  req.target = "/acme/bert.git/info/lfs/objects/upload?op=sink";
  req.source = std::make_shared<test::PatternSource>(0, kGiB);
  req.source_length = kGiB;
  auto res = client.send(req);
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body).value();
  EXPECT_EQ(doc["bytes"].GetUint64(), kGiB);
  EXPECT_EQ(std::string(doc["sha256"].GetString()), pattern_sha256(0, kGiB));
  long long peak = gateway_buffer_peak(stack);
  EXPECT_GT(peak, 0);
  EXPECT_LE(peak, kBoundedBuffer);
}

TEST(GatewayStream, ChunkedBothWays) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  const std::uint64_t size = 48ULL << 20;
  http::ClientRequest up;
  up.method = "POST";
  up.target = "/acme/bert.git/git-receive-pack?op=sink";
  up.source = std::make_shared<test::PatternSource>(0, size);  // no length: chunked
  auto res = client.send(up);
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = json::parse_object(res.body).value();
  EXPECT_EQ(doc["bytes"].GetUint64(), size);
  EXPECT_EQ(std::string(doc["sha256"].GetString()), pattern_sha256(0, size));

  http::ClientRequest down;
  down.target = "/acme/bert/resolve/main/x?op=chunked&size=" + std::to_string(size);
  crypto::Sha256 h;
  std::uint64_t got = 0;
  auto r2 = client.send(down, [&](std::string_view p) {
    h.update(p);
    got += p.size();
  });
  EXPECT_EQ(r2.status, 200);
  EXPECT_EQ(r2.headers.get("Transfer-Encoding"), "chunked");
  EXPECT_EQ(got, size);
  EXPECT_EQ(h.finish_hex(), pattern_sha256(0, size));
}

TEST(GatewayStream, RangePassesThrough) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  http::ClientRequest req;
  req.target = "/acme/bert/resolve/main/x?op=blob&size=1000000";
  req.headers.set("Range", "bytes=1000-1999");
  auto res = client.send(req);
  EXPECT_EQ(res.status, 206);
  EXPECT_EQ(res.headers.get("Content-Range"), "bytes 1000-1999/1000000");
  ASSERT_EQ(res.body.size(), 1000u);
  std::string expected(1000, '\0');
  test::fill_pattern(expected.data(), expected.size(), 1000);
  EXPECT_EQ(res.body, expected);

  req.headers.set("Range", "bytes=0-0");
  auto probe = client.send(req);
  EXPECT_EQ(probe.status, 206);
  EXPECT_EQ(probe.headers.get("Content-Range"), "bytes 0-0/1000000");

  req.headers.set("Range", "bytes=5000000-");
  EXPECT_EQ(client.send(req).status, 416);
}

TEST(GatewayStream, HeadKeepsContentLength) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  http::ClientRequest req;
  req.method = "HEAD";
  req.target = "/acme/bert/resolve/main/x?op=blob&size=123456";
  auto res = client.send(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.headers.get("Content-Length"), "123456");
  EXPECT_TRUE(res.body.empty());
  // The connection is still usable afterwards.
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST(GatewayStream, ExpectContinueWithCurl) {
  test::GatewayWithUpstream stack;
  const std::uint64_t size = 8ULL << 20;
  std::string file = stack.dir() + "/upload.bin";
  {
    std::ofstream out(file, std::ios::binary);
    std::vector<char> buf(size);
    test::fill_pattern(buf.data(), buf.size(), 0);
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  }
  std::string out_file = stack.dir() + "/curl.out";
  std::string cmd = "curl -sS --max-time 60 -o " + out_file + " -w '%{http_code}' -H 'Expect: 100-continue' -T " +
                    file + " 'http://" + stack.gateway().str() + "/acme/bert.git/info/lfs/x?op=sink' > " + stack.dir() +
                    "/curl.code 2>" + stack.dir() + "/curl.err";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream code(stack.dir() + "/curl.code");
  std::string status;
  code >> status;
  EXPECT_EQ(status, "200");
  std::ifstream body(out_file);
  std::string text((std::istreambuf_iterator<char>(body)), std::istreambuf_iterator<char>());
  auto doc = json::parse_object(text);
  ASSERT_TRUE(doc) << text;
  EXPECT_EQ(doc.value()["bytes"].GetUint64(), size);
  EXPECT_EQ(std::string(doc.value()["sha256"].GetString()), pattern_sha256(0, size));
}

TEST(GatewayStream, ExpectContinueAnsweredBeforeTheBody) {
  test::GatewayWithUpstream stack;
  test::RawConnection conn(stack.gateway());
  conn.send(
      "PUT /acme/bert.git/info/lfs/x?op=sink HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
      "Expect: 100-continue\r\n\r\n");
  EXPECT_EQ(conn.read_until("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n") << "no body has been sent yet";
  conn.send("hello");
  std::string response = conn.read_until("}");
  EXPECT_NE(response.find("HTTP/1.1 200"), std::string::npos) << response;
  EXPECT_NE(response.find("\"bytes\":5"), std::string::npos) << response;
}

TEST(GatewayStream, OversizedApiBodyRefusedBeforeReading) {
  test::GatewayWithUpstream stack;
  http::Client client(stack.gateway());
  http::ClientRequest req;
  req.method = "POST";
  req.target = "/api/models/acme/bert/discussions?op=sink";
  req.source = std::make_shared<test::PatternSource>(0, 64ULL << 20);
  req.source_length = 64ULL << 20;
  try {
    auto res = client.send(req);
    EXPECT_EQ(res.status, 413);
    EXPECT_EQ(res.headers.get("X-Error-Code"), "PayloadTooLarge");
  } catch (const http::ClientError&) {
    // The gateway may close before the client finished sending; either way nothing reached the
    // upstream, which the echo below proves.
  }
  http::Client direct(stack.upstream());
  EXPECT_EQ(stack.upstream_process().log().find("/api/models/acme/bert/discussions"), std::string::npos);
}

}  // namespace
}  // namespace hub

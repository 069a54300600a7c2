#include "services/gateway/filters/rate_limit_filter.hpp"

#include <gtest/gtest.h>

namespace hub::gateway {
namespace {

const RouteEntry* entry_for(std::string_view pattern) {
  for (const auto& e : route_table()) {
    if (e.pattern == pattern) return &e;
  }
  return nullptr;
}

TEST(RateLimit, BucketsByWhatTheRequestDoes) {
  const RouteEntry* resolve = entry_for("/{namespace}/{name}/resolve/{rest+}");
  const RouteEntry* git = entry_for("/{namespace}/{name}.git/{rest+}");
  ASSERT_NE(resolve, nullptr);
  ASSERT_NE(git, nullptr);
  EXPECT_EQ(bucket_of("GET", "/acme/bert/resolve/main/x", resolve), Bucket::kResolve);
  EXPECT_EQ(bucket_of("HEAD", "/acme/bert/resolve/main/x", resolve), Bucket::kResolve);
  EXPECT_EQ(bucket_of("GET", "/api/models", nullptr), Bucket::kApi);
  EXPECT_EQ(bucket_of("POST", "/api/repos/create", nullptr), Bucket::kWrite);
  EXPECT_EQ(bucket_of("DELETE", "/api/settings/tokens/x", nullptr), Bucket::kWrite);
  EXPECT_EQ(bucket_of("POST", "/acme/bert.git/git-upload-pack", git), Bucket::kApi);
  EXPECT_EQ(bucket_of("POST", "/acme/bert.git/git-receive-pack", git), Bucket::kWrite);
  EXPECT_EQ(bucket_of("POST", "/acme/bert.git/info/lfs/objects/batch", git), Bucket::kApi);
}

TEST(RateLimit, HeadersInTheDraftsStructuredForm) {
  EXPECT_EQ(rate_limit_header(Bucket::kApi, 0, 42), R"("api";r=0;t=42)");
  EXPECT_EQ(rate_limit_policy_header(Bucket::kResolve, 5000, std::chrono::seconds(300)), R"("resolve";q=5000;w=300)");
}

TEST(RateLimit, LocalCounterStartsOverEachWindow) {
  LocalCounter c(3);
  EXPECT_EQ(c.increment("a", 1), 1);
  EXPECT_EQ(c.increment("a", 1), 2);
  EXPECT_EQ(c.increment("b", 1), 1);
  EXPECT_EQ(c.increment("a", 2), 1);
  EXPECT_EQ(c.increment("x", 2), 1);
  EXPECT_EQ(c.increment("y", 2), 1);
  EXPECT_EQ(c.increment("z", 2), 1) << "bounded: a full table starts over rather than grow";
}

}  // namespace
}  // namespace hub::gateway

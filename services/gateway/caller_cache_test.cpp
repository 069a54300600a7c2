#include <gtest/gtest.h>

#include <thread>

#include "services/gateway/authenticate.hpp"

namespace hub::gateway {
namespace {

TEST(CallerCache, PastHalfItsLifeOneCallerRefreshesWhileOthersAreServed) {
  CallerCache cache(std::chrono::milliseconds(400));
  cache.set_enabled(true);
  Caller alice;
  alice.valid = true;
  alice.identity.user_id = "u1";
  cache.put("k", alice);
  bool refresh = true;
  ASSERT_TRUE(cache.get("k", refresh));
  EXPECT_FALSE(refresh) << "young: just served";
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  ASSERT_TRUE(cache.get("k", refresh));
  EXPECT_TRUE(refresh) << "past half its life: this caller refreshes";
  ASSERT_TRUE(cache.get("k", refresh));
  EXPECT_FALSE(refresh) << "one refresh at a time; the others are served";
  cache.refresh_failed("k");
  ASSERT_TRUE(cache.get("k", refresh));
  EXPECT_TRUE(refresh) << "after a failed refresh another caller tries";
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(cache.get("k", refresh)) << "expired: never served past its lifetime";
  cache.put("k", alice);
  cache.forget_user("u1");
  EXPECT_FALSE(cache.get("k"));
}

TEST(CallerCache, OffWhileTheFeedIsDown) {
  CallerCache cache(std::chrono::seconds(60));
  Caller c;
  c.valid = true;
  cache.put("k", c);
  EXPECT_FALSE(cache.get("k")) << "starts off";
  cache.set_enabled(true);
  cache.put("k", c);
  EXPECT_TRUE(cache.get("k"));
  cache.set_enabled(false);
  EXPECT_FALSE(cache.get("k"));
}

}  // namespace
}  // namespace hub::gateway

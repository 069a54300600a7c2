#include "services/gateway/caller_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace hub::gateway {
namespace {

Caller valid_caller(const std::string& user_id) {
  Caller c;
  c.valid = true;
  c.identity.user_id = user_id;
  return c;
}

TEST(CallerCache, PastHalfItsLifeOneCallerRefreshesWhileOthersAreServed) {
  CallerCache cache({std::chrono::milliseconds(400)});
  cache.set_enabled(true);
  const Caller alice = valid_caller("u1");
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
  CallerCache cache({std::chrono::seconds(60)});
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

TEST(CallerCache, AnAnswerAskedForBeforeARevocationIsDropped) {
  CallerCache cache({std::chrono::milliseconds(400)});
  cache.set_enabled(true);
  const Caller bob = valid_caller("u2");
  // A lookup starts, a revocation clears the cache while it is in flight, then its answer lands.
  const auto asked_at = cache.generation();
  cache.clear();
  cache.put("k", bob, asked_at);
  EXPECT_FALSE(cache.get("k")) << "the answer may predate the revocation";
  // A refresh in flight when another user's entries were forgotten: dropped, and the entry it was
  // refreshing may be refreshed again.
  cache.put("k", bob);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  bool refresh = false;
  ASSERT_TRUE(cache.get("k", refresh));
  ASSERT_TRUE(refresh);
  const auto refresh_asked_at = cache.generation();
  cache.forget_user("someone else");
  cache.put("k", bob, refresh_asked_at);
  ASSERT_TRUE(cache.get("k", refresh));
  EXPECT_TRUE(refresh) << "the dropped refresh does not leave the entry marked as refreshing";
  cache.put("k", bob, cache.generation());
  ASSERT_TRUE(cache.get("k", refresh));
  EXPECT_FALSE(refresh) << "a refresh that lands renews the entry";
}

}  // namespace
}  // namespace hub::gateway

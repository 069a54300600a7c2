#include "services/notifications/domain/sse_event.hpp"

#include <gtest/gtest.h>

namespace hub::notifications {
namespace {

TEST(SseEvent, OneEventWithItsIdTypeAndData) {
  EXPECT_EQ(sse_event("42", "notification", R"({"id":"42"})"),
            "id: 42\nevent: notification\ndata: {\"id\":\"42\"}\n\n");
}

TEST(SseEvent, DataOfSeveralLinesIsOneDataLineEach) {
  EXPECT_EQ(sse_event("1", "x", "a\nb\r\nc\rd"), "id: 1\nevent: x\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
  EXPECT_EQ(sse_event("1", "x", ""), "id: 1\nevent: x\ndata: \n\n");
}

TEST(SseEvent, NoLineBreakCanForgeAField) {
  const std::string e = sse_event("1\nevent: forged", "x\n\ndata: y", "z");
  EXPECT_EQ(e, "id: 1event: forged\nevent: xdata: y\ndata: z\n\n");
}

TEST(SseEvent, Retry) {
  EXPECT_EQ(sse_retry(std::chrono::milliseconds(3000)), "retry: 3000\n");
}

}  // namespace
}  // namespace hub::notifications

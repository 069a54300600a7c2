#include "services/notifications/domain/inbox_query.hpp"

#include <gtest/gtest.h>

#include "services/notifications/domain/subject_url.hpp"

namespace hub::notifications {
namespace {

using States = std::vector<std::string>;

InboxFilter filter(InboxParams p) {
  auto f = parse_inbox_filter(p);
  EXPECT_TRUE(f) << f.error();
  return f ? f.value() : InboxFilter{};
}

TEST(InboxQuery, StatesDefaultToWhatIsNotDone) {
  EXPECT_EQ(filter({}).states, (States{"unread", "read"}));
  EXPECT_EQ(filter({.unread = "true"}).states, States{"unread"});
  EXPECT_EQ(filter({.unread = "false"}).states, States{"read"});
  EXPECT_EQ(filter({.state = "done"}).states, States{"done"});
  EXPECT_EQ(filter({.state = "all"}).states, (States{"unread", "read", "done"}));
  EXPECT_FALSE(parse_inbox_filter({.unread = "yes"}));
  EXPECT_FALSE(parse_inbox_filter({.state = "archived"}));
  EXPECT_FALSE(parse_inbox_filter({.unread = "true", .state = "read"}));
}

TEST(InboxQuery, RepoAndReasonFilters) {
  const auto f = filter({.repo = "acme/bert", .reason = "mention"});
  EXPECT_EQ(f.repo, "acme/bert");
  EXPECT_EQ(f.reason, "mention");
  EXPECT_FALSE(parse_inbox_filter({.repo = "acme"}));
  EXPECT_FALSE(parse_inbox_filter({.repo = "acme/bert/x"}));
  EXPECT_FALSE(parse_inbox_filter({.repo = "/bert"}));
  EXPECT_FALSE(parse_inbox_filter({.reason = "subscribed"}));
  EXPECT_TRUE(parse_inbox_filter({.reason = "review_requested"}));
}

TEST(InboxQuery, CursorsBelongToOneUserAndOneSetOfFilters) {
  const auto plain = filter({});
  const auto unread = filter({.unread = "true"});
  const auto repo = filter({.repo = "acme/bert"});
  EXPECT_NE(plain.cursor_scope("u1"), plain.cursor_scope("u2"));
  EXPECT_NE(plain.cursor_scope("u1"), unread.cursor_scope("u1"));
  EXPECT_NE(plain.cursor_scope("u1"), repo.cursor_scope("u1"));
  EXPECT_EQ(plain.cursor_scope("u1"), filter({}).cursor_scope("u1"));
}

Result<MarkRequest> mark(std::string_view body) {
  auto doc = json::parse_object(body);
  EXPECT_TRUE(doc);
  return parse_mark_request(doc.value());
}

TEST(InboxQuery, MarkRequests) {
  auto ids = mark(R"({"ids":["3", 4, "3"]})");
  ASSERT_TRUE(ids) << ids.error();
  EXPECT_EQ(ids->ids, (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(ids->state, "read");
  EXPECT_FALSE(ids->all);
  auto unread = mark(R"({"ids":["3"],"state":"unread"})");
  ASSERT_TRUE(unread);
  EXPECT_EQ(unread->state, "unread");
  auto all = mark(R"({"all":true,"state":"done"})");
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->all);
  EXPECT_EQ(all->state, "done");

  for (const char* bad :
       {R"({})", R"({"ids":[]})", R"({"ids":"3"})", R"({"ids":["x"]})", R"({"ids":[0]})", R"({"ids":[-2]})",
        R"({"ids":[1.5]})", R"({"ids":["3"],"state":"gone"})", R"({"all":true,"ids":["3"]})",
        R"({"all":true,"state":"unread"})", R"({"all":"yes"})", R"({"all":false})"}) {
    EXPECT_FALSE(mark(bad)) << bad;
  }
  std::string many = R"({"ids":[)";
  for (int i = 1; i <= 1001; ++i)
    many += (i > 1 ? "," : "") + std::to_string(i);
  EXPECT_FALSE(mark(many + "]}"));
}

TEST(InboxQuery, ItemIds) {
  EXPECT_EQ(parse_item_id("42"), 42);
  EXPECT_FALSE(parse_item_id("0"));
  EXPECT_FALSE(parse_item_id("-1"));
  EXPECT_FALSE(parse_item_id("4x"));
  EXPECT_FALSE(parse_item_id(""));
  EXPECT_FALSE(parse_item_id("99999999999999999999"));
}

TEST(SubjectUrl, ThreadsUnderTheRepoAsItIsCalledNow) {
  EXPECT_EQ(subject_url("https://hub.example", "model", "acme/bert", "discussion", 7),
            "https://hub.example/acme/bert/discussions/7");
  EXPECT_EQ(subject_url("https://hub.example", "dataset", "acme/squad", "pull_request", 2),
            "https://hub.example/datasets/acme/squad/discussions/2");
  EXPECT_EQ(subject_url("https://hub.example", "space", "acme/demo", "bug", 3),
            "https://hub.example/spaces/acme/demo/bugs/3");
}

}  // namespace
}  // namespace hub::notifications

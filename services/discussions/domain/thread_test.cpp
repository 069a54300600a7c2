#include "services/discussions/domain/thread.hpp"

#include <gtest/gtest.h>

#include "services/discussions/domain/list_query.hpp"

namespace hub::discussions {
namespace {

TEST(Thread, StatusMovesAPersonMayAskFor) {
  EXPECT_EQ(status_change(Status::kOpen, Status::kClosed, false).value(), Status::kClosed);
  EXPECT_EQ(status_change(Status::kClosed, Status::kOpen, false).value(), Status::kOpen);
  EXPECT_EQ(status_change(Status::kDraft, Status::kOpen, true).value(), Status::kOpen) << "publishing a draft";
  EXPECT_EQ(status_change(Status::kDraft, Status::kClosed, true).value(), Status::kClosed);
  EXPECT_FALSE(status_change(Status::kOpen, Status::kDraft, true)) << "never back to draft";
  EXPECT_FALSE(status_change(Status::kMerged, Status::kOpen, true)) << "merged stays merged";
  EXPECT_FALSE(status_change(Status::kOpen, Status::kMerged, true)) << "merging is its own action";
  EXPECT_FALSE(status_change(Status::kOpen, Status::kOpen, false));
  EXPECT_FALSE(requested_status("merged"));
  EXPECT_FALSE(requested_status("draft"));
  EXPECT_FALSE(requested_status("OPEN"));
  EXPECT_EQ(requested_status("closed").value(), Status::kClosed);
}

TEST(Thread, TitlesAndCommentsWithinTheirLimits) {
  EXPECT_EQ(checked_title("  Fix the tokenizer  ").value(), "Fix the tokenizer");
  EXPECT_FALSE(checked_title("   "));
  EXPECT_FALSE(checked_title(std::string(201, 'a')));
  EXPECT_TRUE(checked_title(std::string(200, 'a')));
  std::string accents;
  for (int i = 0; i < 200; ++i)
    accents += "é";  // 400 bytes, 200 characters
  EXPECT_TRUE(checked_title(accents)) << "characters are counted, not bytes";
  EXPECT_FALSE(checked_title("two\nlines"));
  EXPECT_FALSE(checked_title("\xff\xfe"));
  EXPECT_FALSE(checked_comment(" \n "));
  EXPECT_FALSE(checked_comment(std::string(kMaxCommentBytes + 1, 'x')));
  EXPECT_TRUE(checked_comment(std::string(kMaxCommentBytes, 'x')));
  EXPECT_FALSE(checked_comment(std::string("a\0b", 3)));
  EXPECT_TRUE(is_reaction("🔥"));
  EXPECT_FALSE(is_reaction("💩"));
}

TEST(ListQuery, HubParametersAndOurs) {
  ListParams params;
  params.p = "3";
  params.type = "pull_request";
  params.status = "open";
  params.author = " ada ";
  params.sort = "most-commented";
  auto q = parse_list_query(params);
  ASSERT_TRUE(q) << q.error();
  EXPECT_EQ(q->page, 3);
  EXPECT_EQ(q->kind, Kind::kPullRequest);
  EXPECT_EQ(q->status, Status::kOpen);
  EXPECT_EQ(q->author, "ada");
  EXPECT_EQ(q->sort, Sort::kMostCommented);
  EXPECT_FALSE(q->counted_by_kind());
  ListParams all;
  all.status = "all";
  all.type = "all";
  EXPECT_FALSE(parse_list_query(all)->status);
  EXPECT_TRUE(parse_list_query(all)->counted_by_kind());
  for (auto bad : {ListParams{.p = "-1"}, ListParams{.p = "x"}, ListParams{.type = "bugs"},
                   ListParams{.status = "resolved"}, ListParams{.sort = "oldest"}, ListParams{.limit = "0"},
                   ListParams{.limit = "1001"}, ListParams{.q = std::string(300, 'q')}}) {
    EXPECT_FALSE(parse_list_query(bad));
  }
}

TEST(ListQuery, CursorPositionsAndScopes) {
  const Position p{1700000000123456, 42, 100};
  EXPECT_EQ(parse_position(position_text(p))->num, 42);
  EXPECT_EQ(parse_position(position_text(p))->key, 1700000000123456);
  EXPECT_FALSE(parse_position("1:2"));
  EXPECT_FALSE(parse_position("a:b:c"));
  ListQuery a, b;
  a.author = "x:y";
  b.search = "x:y";
  EXPECT_NE(a.cursor_scope("r"), b.cursor_scope("r")) << "filters never read alike";
  EXPECT_NE(a.cursor_scope("r1"), a.cursor_scope("r2"));
}

}  // namespace
}  // namespace hub::discussions

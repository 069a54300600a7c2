#include "services/bugs/domain/list_query.hpp"

#include <gtest/gtest.h>

namespace hub::bugs {
namespace {

TEST(BugListQuery, FiltersSortsAndLimits) {
  ListParams params;
  params.status = {"open,triaged", "open"};
  params.severity = {"critical", "high"};
  params.label = {"gpu, regression"};
  params.assignee = " ada ";
  params.author = "bob";
  params.q = "nan loss";
  params.sort = "severity";
  params.limit = "10";
  auto q = parse_list_query(params);
  ASSERT_TRUE(q) << q.error();
  EXPECT_EQ(q->statuses, (std::vector<Status>{Status::kOpen, Status::kTriaged})) << "each once";
  EXPECT_EQ(q->severities, (std::vector<Severity>{Severity::kCritical, Severity::kHigh}));
  EXPECT_EQ(q->labels, (std::vector<std::string>{"gpu", "regression"}));
  EXPECT_EQ(q->assignee, "ada");
  EXPECT_EQ(q->author, "bob");
  EXPECT_EQ(q->q, "nan loss");
  EXPECT_EQ(q->sort, Sort::kSeverity);
  EXPECT_EQ(q->limit, 10);
  EXPECT_TRUE(q->affects.empty());

  const auto defaults = parse_list_query({});
  ASSERT_TRUE(defaults);
  EXPECT_TRUE(defaults->statuses.empty()) << "every status";
  EXPECT_EQ(defaults->sort, Sort::kNewest);
  EXPECT_EQ(defaults->limit, kDefaultPage);
  for (const char* sort : {"newest", "oldest", "recently-updated", "severity"}) {
    ListParams p;
    p.sort = sort;
    EXPECT_TRUE(parse_list_query(p)) << sort;
  }
}

TEST(BugListQuery, EachBadParameterIsNamed) {
  struct Bad {
    ListParams params;
    const char* names;
  };
  for (const Bad& b :
       {Bad{ListParams{.status = {"fixed"}}, "status"}, Bad{ListParams{.severity = {"urgent"}}, "severity"},
        Bad{ListParams{.sort = "most-commented"}, "sort"}, Bad{ListParams{.limit = "0"}, "limit"},
        Bad{ListParams{.limit = "1001"}, "limit"}, Bad{ListParams{.limit = "x"}, "limit"},
        Bad{ListParams{.q = std::string(300, 'q')}, "q"}, Bad{ListParams{.author = "a\nb"}, "author"},
        Bad{ListParams{.affects = " "}, "affects"}, Bad{ListParams{.label = {std::string(60, 'l')}}, "label"}}) {
    auto q = parse_list_query(b.params);
    ASSERT_FALSE(q) << b.names;
    EXPECT_NE(q.error().find(b.names), std::string::npos) << q.error();
  }
  ListParams many;
  for (int i = 0; i < 21; ++i)
    many.label.push_back("l" + std::to_string(i));
  EXPECT_FALSE(parse_list_query(many));
}

TEST(BugListQuery, AffectsAsksForKnownBugsUnlessAStatusIsGiven) {
  ListParams params;
  params.affects = "v1.0";
  auto q = parse_list_query(params);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->affects, "v1.0");
  EXPECT_EQ(q->statuses,
            (std::vector<Status>{Status::kOpen, Status::kTriaged, Status::kInProgress, Status::kResolved}));
  params.status = {"all"};
  EXPECT_TRUE(parse_list_query(params)->statuses.empty());
  params.status = {"closed"};
  EXPECT_EQ(parse_list_query(params)->statuses, std::vector<Status>{Status::kClosed});
}

TEST(BugListQuery, CursorsAndTheirScopes) {
  const Position p{1700000000123456, 42};
  EXPECT_EQ(parse_position(position_text(p))->num, 42);
  EXPECT_EQ(parse_position(position_text(p))->key, 1700000000123456);
  EXPECT_FALSE(parse_position("1:2:3"));
  EXPECT_FALSE(parse_position("a:b"));
  EXPECT_FALSE(parse_position("1:-2"));
  ListQuery a, b, c;
  a.author = "x:y";
  b.assignee = "x:y";
  c.labels = {"x:y"};
  EXPECT_NE(a.cursor_scope("r"), b.cursor_scope("r")) << "filters never read alike";
  EXPECT_NE(a.cursor_scope("r"), c.cursor_scope("r"));
  EXPECT_NE(a.cursor_scope("r1"), a.cursor_scope("r2"));
  ListQuery sorted = a;
  sorted.sort = Sort::kOldest;
  EXPECT_NE(a.cursor_scope("r"), sorted.cursor_scope("r"));
  ListQuery open = a;
  open.statuses = {Status::kOpen};
  EXPECT_NE(a.cursor_scope("r"), open.cursor_scope("r"));
}

}  // namespace
}  // namespace hub::bugs

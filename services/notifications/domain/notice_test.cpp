#include "services/notifications/domain/notice.hpp"

#include <gtest/gtest.h>

#include "common/events/catalog.hpp"

namespace hub::notifications {
namespace {

const char* const kAda = "11111111-1111-4111-8111-111111111111";
const char* const kBob = "22222222-2222-4222-8222-222222222222";

events::DiscussionFacts thread(bool pull = false) {
  events::DiscussionFacts d;
  d.id = "repo-1/7";
  d.num = 7;
  d.title = "Tokenizer drops accents";
  d.status = "open";
  d.is_pull_request = pull;
  d.author_id = kAda;
  d.author_name = "ada";
  return d;
}

template <class Event>
events::Envelope envelope_of(const Event& e, const std::string& actor_id = kBob, const std::string& actor = "bob") {
  auto env = events::make_event(e);
  env.repo = events::RepoRef{"repo-1", "model", "acme/bert"};
  env.actor = events::Actor{actor_id, actor};
  return env;
}

events::PullFacts pull() {
  return events::PullFacts{"repo-1/8", 8, kAda, "ada", "", "", "refs/heads/main"};
}

TEST(Notice, ACommentTellsWatchersParticipantsAndTheMentioned) {
  events::CommentFacts c{"c1", kBob, "bob", false, "hi @carl and @acme/vision", ""};
  auto n = notice_of(envelope_of(events::DiscussionCommentCreated{thread(), c, {{"carl", ""}, {"acme", "vision"}}}));
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->to_watchers);
  EXPECT_TRUE(n->to_participants);
  EXPECT_EQ(n->subject_type, "discussion");
  EXPECT_EQ(n->thread_num, 7);
  EXPECT_EQ(n->title, "Tokenizer drops accents");
  EXPECT_EQ(n->comment_id, "c1");
  ASSERT_EQ(n->mentions.size(), 2U);
  EXPECT_EQ(n->mentions[1].key(), "acme/vision");
  ASSERT_TRUE(n->thread_author);
  EXPECT_EQ(n->thread_author->id, kAda);
  ASSERT_EQ(n->joins.size(), 2U);
  EXPECT_EQ(n->joins[0].id, kBob) << "the commenter takes part from now on";
  EXPECT_EQ(n->joins[1].name, "carl") << "and so does who is mentioned (a group's members are not)";
  EXPECT_EQ(n->repo_name, "acme/bert");
  ASSERT_TRUE(n->actor);
  EXPECT_EQ(n->actor->name, "bob");
}

TEST(Notice, AHiddenCommentOrATitleChangeTellsNobody) {
  events::CommentFacts hidden{"c1", kBob, "bob", true, std::nullopt, ""};
  auto h = notice_of(envelope_of(events::DiscussionCommentUpdated{thread(), hidden, {{"carl", ""}}}));
  ASSERT_TRUE(h);
  EXPECT_FALSE(h->reaches_anyone());

  auto renamed = notice_of(
      envelope_of(events::DiscussionUpdated{thread(), std::nullopt, std::string("old"), std::nullopt, std::nullopt}));
  ASSERT_TRUE(renamed);
  EXPECT_FALSE(renamed->reaches_anyone());
  EXPECT_EQ(renamed->title, "Tokenizer drops accents") << "the new title is still remembered";

  auto closed = notice_of(
      envelope_of(events::DiscussionUpdated{thread(), std::string("open"), std::nullopt, std::nullopt, std::nullopt}));
  ASSERT_TRUE(closed);
  EXPECT_TRUE(closed->to_watchers && closed->to_participants) << "a status change is news";
}

TEST(Notice, AnEditTellsOnlyTheMentioned) {
  events::CommentFacts edited{"c1", kBob, "bob", false, "now @dan too", ""};
  auto n = notice_of(envelope_of(events::DiscussionCommentUpdated{thread(), edited, {{"dan", ""}}}));
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->to_watchers);
  EXPECT_FALSE(n->to_participants);
  ASSERT_EQ(n->mentions.size(), 1U);
  EXPECT_TRUE(n->reaches_anyone());
}

TEST(Notice, AReviewRequestNamesItsReviewersOnly) {
  events::PullReviewRequested e{pull(), {"carl"}, {{"acme/vision", {"dora", "eve"}}}};
  auto n = notice_of(envelope_of(e));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->subject_type, "pull_request");
  EXPECT_EQ(n->thread_num, 8);
  EXPECT_TRUE(n->title.empty()) << "pulls' events carry no title";
  EXPECT_FALSE(n->to_watchers);
  EXPECT_FALSE(n->to_participants);
  EXPECT_EQ(n->requested_users, std::vector<std::string>{"carl"});
  EXPECT_EQ(n->requested_groups, std::vector<std::string>{"acme/vision"});
  EXPECT_EQ(n->joins.size(), 3U) << "carl, dora and eve take part from now on";
}

TEST(Notice, AReviewTellsTheThreadAndTheReviewerJoinsIt) {
  events::PullReviewSubmitted e{pull(), "r1", "approve", "abc", std::string("lgtm @carl"), 0, {{"carl", ""}}};
  auto n = notice_of(envelope_of(e));
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->to_watchers && n->to_participants);
  ASSERT_EQ(n->joins.size(), 2U);
  EXPECT_EQ(n->joins[0].id, kBob);
  ASSERT_TRUE(n->thread_author);
  EXPECT_EQ(n->thread_author->name, "ada");
}

events::BugFacts report() {
  events::BugFacts b;
  b.id = "repo-1/9";
  b.num = 9;
  b.title = "NaN logits for empty prompts";
  b.status = "open";
  b.severity = "high";
  b.author = events::Actor{kAda, "ada"};
  b.assignees = {events::Actor{kBob, "bob"}};
  return b;
}

TEST(Notice, ANewBugTellsWatchersItsAssigneesAndTheMentioned) {
  auto n = notice_of(envelope_of(events::BugCreated{report(), {{"carl", ""}}}, kAda, "ada"));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->subject_type, "bug");
  EXPECT_EQ(n->thread_num, 9);
  EXPECT_EQ(n->title, "NaN logits for empty prompts");
  EXPECT_TRUE(n->to_watchers);
  EXPECT_EQ(n->assignees, std::vector<std::string>{"bob"});
  ASSERT_EQ(n->mentions.size(), 1U);
  ASSERT_TRUE(n->thread_author);
  EXPECT_EQ(n->thread_author->id, kAda);
  EXPECT_EQ(n->comment_id, "bug-body:repo-1/9") << "the body's mentions are remembered per report";
}

TEST(Notice, ABugUpdateTellsWhatItChanged) {
  const events::BugUpdated resolved{
      .bug = report(), .status = events::StatusChange{"open", "resolved"}, .fixed_by_pull = 4, .old_fixed_in = ""};
  auto n = notice_of(envelope_of(resolved));
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->to_watchers && n->to_participants) << "a resolved bug is news to whoever follows it";
  EXPECT_TRUE(n->assignees.empty()) << "the people assigned before are participants, not newly assigned";

  const events::BugUpdated assigned{.bug = report(), .assigned = {events::Actor{"", "carl"}}};
  n = notice_of(envelope_of(assigned));
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->to_watchers || n->to_participants);
  EXPECT_EQ(n->assignees, std::vector<std::string>{"carl"});
  ASSERT_EQ(n->joins.size(), 1U);
  EXPECT_EQ(n->joins[0].name, "carl") << "whoever is assigned takes part from now on";

  events::BugUpdated retitled{.bug = report(), .old_title = "old", .mentions = {{"dan", ""}}};
  n = notice_of(envelope_of(retitled));
  ASSERT_TRUE(n);
  EXPECT_FALSE(n->reaches_anyone()) << "a new title (and mentions of a body that was not edited) tell nobody";
  retitled.body_edited = true;
  n = notice_of(envelope_of(retitled));
  ASSERT_TRUE(n);
  ASSERT_EQ(n->mentions.size(), 1U) << "an edited body tells whom it names (the consumer drops those named before)";
}

TEST(Notice, ABugCommentTellsTheReportsPeople) {
  events::CommentFacts c{"c9", kBob, "bob", false, "same here", ""};
  auto n = notice_of(envelope_of(events::BugCommentCreated{report(), c, {}}));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->subject_type, "bug");
  EXPECT_TRUE(n->to_watchers && n->to_participants);
  EXPECT_EQ(n->comment_id, "c9");
  ASSERT_FALSE(n->joins.empty());
  EXPECT_EQ(n->joins[0].id, kBob);
}

TEST(Notice, TypesOutsideTheTableAndBrokenDataAreSkipped) {
  EXPECT_FALSE(notice_of(envelope_of(events::RepoContent{})));
  EXPECT_FALSE(notice_of(envelope_of(events::PullMerged{})));
  auto unknown = envelope_of(events::RepoContent{});
  unknown.type = "model.exploded";  // a type this service does not know: skipped cleanly
  EXPECT_FALSE(notice_of(unknown));
  EXPECT_FALSE(notice_of(envelope_of(events::BugLabelChanged{"created", "oom", "#ff0000", "", {}, 0})));
  auto broken = envelope_of(events::DiscussionCreated{thread(), {}});
  broken.data = R"({"discussion":{"num":"seven"}})";
  EXPECT_FALSE(notice_of(broken));
  auto no_repo = envelope_of(events::DiscussionCreated{thread(), {}});
  no_repo.repo.reset();
  EXPECT_FALSE(notice_of(no_repo));
}

TEST(Notice, MentionsAreDeduplicatedAndCapped) {
  std::vector<events::MentionRef> many;
  for (int i = 0; i < 80; ++i)
    many.push_back({"user" + std::to_string(i), ""});
  many.push_back({"USER1", ""});
  auto n = notice_of(envelope_of(events::DiscussionCreated{thread(), many}));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->mentions.size(), 50U);
}

TEST(Notice, SurvivesItsPendingRow) {
  events::PullReviewRequested e{pull(), {"carl"}, {{"acme/vision", {"dora"}}}};
  auto n = notice_of(envelope_of(e));
  ASSERT_TRUE(n);
  n->mentions.push_back(Mention{"acme", "vision"});
  n->assignees = {"fay"};
  auto back = parse_notice(notice_json(*n));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->event_id, n->event_id);
  EXPECT_EQ(back->event_type, "pull.review.requested");
  EXPECT_EQ(back->occurred_at, n->occurred_at);
  EXPECT_EQ(back->repo_id, "repo-1");
  EXPECT_EQ(back->repo_type, "model");
  EXPECT_EQ(back->repo_name, "acme/bert");
  EXPECT_EQ(back->actor->id, kBob);
  EXPECT_EQ(back->subject_type, "pull_request");
  EXPECT_EQ(back->thread_num, 8);
  EXPECT_EQ(back->requested_users, n->requested_users);
  EXPECT_EQ(back->requested_groups, n->requested_groups);
  EXPECT_EQ(back->assignees, n->assignees);
  ASSERT_EQ(back->mentions.size(), 1U);
  EXPECT_EQ(back->mentions[0].key(), "acme/vision");
  EXPECT_EQ(back->joins.size(), n->joins.size());
  EXPECT_EQ(back->thread_author->id, kAda);
  EXPECT_EQ(back->to_watchers, n->to_watchers);
  EXPECT_FALSE(parse_notice("[]"));
  EXPECT_FALSE(parse_notice(R"({"eventId":"x"})"));
}

}  // namespace
}  // namespace hub::notifications

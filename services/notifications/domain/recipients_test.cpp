#include "services/notifications/domain/recipients.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace hub::notifications {
namespace {

// Ids that sort as their names do.
const std::string kAda = "a0000000-0000-4000-8000-000000000000";
const std::string kBob = "b0000000-0000-4000-8000-000000000000";
const std::string kCarl = "c0000000-0000-4000-8000-000000000000";
const std::string kDora = "d0000000-0000-4000-8000-000000000000";
const std::string kEve = "e0000000-0000-4000-8000-000000000000";

Notice comment_by_bob() {
  Notice n;
  n.event_id = "ev";
  n.repo_id = "repo";
  n.thread_num = 3;
  n.actor = Person{kBob, "bob"};
  n.thread_author = Person{kAda, "ada"};
  n.to_watchers = n.to_participants = true;
  return n;
}

RepoReader reader(const std::string& id, const std::string& name, bool can_read = true) {
  return RepoReader{id, name, can_read};
}

std::map<std::string, std::string> reasons_of(const std::vector<Recipient>& list) {
  std::map<std::string, std::string> out;
  for (const auto& r : list)
    out[r.user_id] = std::string(reason_name(r.reason));
  return out;
}

TEST(Recipients, EachPersonOnceWithTheReasonThatRanksFirst) {
  Notice n = comment_by_bob();
  n.mentions = {Mention{"Carl", ""}, Mention{"acme", "vision"}};
  n.requested_users = {"dora"};
  const Followers followers{{{kCarl, WatchLevel::kWatching}, {kEve, WatchLevel::kWatching}}, {}};
  const std::vector<Participant> participants{{kDora, "", false}, {"", "eve", false}};
  PeopleFacts people;
  people.users = {reader(kAda, "ada"), reader(kCarl, "carl"), reader(kDora, "dora"), reader(kEve, "eve")};
  people.groups = {GroupOfReaders{"acme/vision", {reader(kEve, "eve")}}};
  const auto got = reasons_of(recipients(n, followers, participants, people));
  const std::map<std::string, std::string> want = {
      {kAda, "author"},             // the thread's author
      {kCarl, "mention"},           // mentioned (by another case of the name) beats watching
      {kDora, "review_requested"},  // asked for a review beats participating
      {kEve, "mention"},            // the group's mention beats participating and watching
  };
  EXPECT_EQ(got, want);
}

TEST(Recipients, NeverTheActorNorTheIgnoringNorWhoCannotRead) {
  Notice n = comment_by_bob();
  n.mentions = {Mention{"bob", ""}, Mention{"carl", ""}, Mention{"dora", ""}};
  const Followers followers{{{kBob, WatchLevel::kWatching}, {kCarl, WatchLevel::kIgnoring}}, {}};
  PeopleFacts people;
  people.users = {reader(kAda, "ada", false), reader(kBob, "bob"), reader(kCarl, "carl"), reader(kDora, "dora", false)};
  EXPECT_TRUE(recipients(n, followers, {}, people).empty())
      << "bob acted, carl ignores the repo, ada and dora may not read it";
}

TEST(Recipients, TheRepoLevelWinsOverTheOrganizations) {
  Notice n = comment_by_bob();
  n.thread_author.reset();
  const Followers followers{
      {{kCarl, WatchLevel::kParticipating}, {kDora, WatchLevel::kWatching}},
      {{kCarl, WatchLevel::kWatching}, {kDora, WatchLevel::kIgnoring}, {kEve, WatchLevel::kWatching}}};
  PeopleFacts people;
  people.users = {reader(kCarl, "carl"), reader(kDora, "dora"), reader(kEve, "eve")};
  const auto got = reasons_of(recipients(n, followers, {}, people));
  const std::map<std::string, std::string> want = {{kDora, "watching"}, {kEve, "watching"}};
  EXPECT_EQ(got, want);

  // An organization ignored silences its repos' threads too, unless the repo says otherwise.
  const Followers silenced{{}, {{kAda, WatchLevel::kIgnoring}}};
  Notice authored = comment_by_bob();
  people.users.push_back(reader(kAda, "ada"));
  EXPECT_TRUE(recipients(authored, silenced, {}, people).empty());
}

TEST(Recipients, WhatAnEventDoesNotAddressIsLeftOut) {
  Notice n = comment_by_bob();
  n.to_watchers = n.to_participants = false;  // an edit: mentions only
  n.mentions = {Mention{"carl", ""}};
  const Followers followers{{{kDora, WatchLevel::kWatching}}, {}};
  PeopleFacts people;
  people.users = {reader(kAda, "ada"), reader(kCarl, "carl"), reader(kDora, "dora")};
  const auto got = reasons_of(recipients(n, followers, {{kEve, "", false}}, people));
  const std::map<std::string, std::string> want = {{kCarl, "mention"}};
  EXPECT_EQ(got, want);
}

TEST(Recipients, TheQuestionNamesOnlyWhoMightBeTold) {
  Notice n = comment_by_bob();
  n.mentions = {Mention{"carl", ""}, Mention{"acme", "vision"}};
  n.requested_groups = {"acme/infra"};
  const Followers followers{
      {{kBob, WatchLevel::kWatching}, {kDora, WatchLevel::kWatching}, {kEve, WatchLevel::kIgnoring}}, {}};
  const auto q = question_for(n, followers, {{kEve, "", false}, {"", "fay", false}});
  std::vector<std::string> ids = q.ids;
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{kAda, kDora})) << "not the actor, not who ignores the repo";
  EXPECT_EQ(q.names, (std::vector<std::string>{"carl", "fay"}));
  EXPECT_EQ(q.groups, (std::vector<std::string>{"acme/vision", "acme/infra"}));
}

TEST(Recipients, QuestionsAreSplitToAuthsSize) {
  PeopleQuestion q;
  for (int i = 0; i < 450; ++i)
    q.ids.push_back("id" + std::to_string(i));
  q.names = {"a", "b"};
  q.groups = {"o/g"};
  PeopleQuestion again;
  again.add(q);
  again.add(q);
  EXPECT_EQ(again.size(), 453U) << "adding what is asked already asks nothing more";
  const auto pieces = q.split(200);
  ASSERT_EQ(pieces.size(), 3U);
  EXPECT_EQ(pieces[0].size(), 200U);
  EXPECT_EQ(pieces[1].size(), 200U);
  EXPECT_EQ(pieces[2].size(), 53U);
  EXPECT_EQ(pieces[2].groups.size(), 1U);
  EXPECT_TRUE(PeopleQuestion{}.split(200).empty());
}

TEST(WatchLevels, SpellingsAndPrecedence) {
  for (auto level : {WatchLevel::kWatching, WatchLevel::kParticipating, WatchLevel::kIgnoring}) {
    EXPECT_EQ(parse_watch_level(watch_level_name(level)), level);
  }
  EXPECT_FALSE(parse_watch_level("Watching"));
  EXPECT_FALSE(parse_watch_level("subscribed"));
  EXPECT_EQ(effective_level(std::nullopt, std::nullopt).source, WatchSource::kDefault);
  EXPECT_EQ(effective_level(std::nullopt, std::nullopt).level, WatchLevel::kParticipating);
  EXPECT_EQ(effective_level(std::nullopt, WatchLevel::kWatching).source, WatchSource::kOrganization);
  EXPECT_EQ(effective_level(WatchLevel::kIgnoring, WatchLevel::kWatching).level, WatchLevel::kIgnoring);
  EXPECT_EQ(watch_source_name(WatchSource::kOrganization), "organization");
}

}  // namespace
}  // namespace hub::notifications

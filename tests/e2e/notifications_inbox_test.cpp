// The inbox end to end (docs/inbox.md): events of discussions and pull requests reach the repo's
// watchers (and its organization's), the threads' authors and participants, the people mentioned
// (one by one or as a group) and the reviewers asked, each once with one reason and never the actor;
// watching levels, marks, the unread count, filters and cursor pages; and what a repo's privacy,
// move and deletion do to the items.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <set>

#include "common/util/random.hpp"
#include "tests/support/inbox_calls.hpp"
#include "tests/support/matrix_people.hpp"

namespace hub {
namespace {

using test::Account;
using test::at_least;
using test::Item;
using test::TestRepo;
using test::via_gateway;

std::string level_of(const http::ClientResponse& res) {
  auto doc = test::answer_json(res);
  return doc.IsObject() && doc.HasMember("level")
             ? std::string(doc["level"].GetString()) + "/" + doc["source"].GetString()
             : "?";
}

TEST(NotificationsInbox, WatchersParticipantsAndMentionsEachOnceNeverTheActor) {
  const Account ada = test::new_account("na"), bob = test::new_account("nb"), carl = test::new_account("nc"),
                dan = test::new_account("nd");
  const TestRepo repo = test::new_repo(ada, false);
  EXPECT_EQ(level_of(via_gateway("GET", repo.api() + "/subscription", bob.session)), "participating/default");
  EXPECT_EQ(level_of(test::subscribe(bob.session, repo.api(), "watching")), "watching/repo");
  EXPECT_EQ(level_of(via_gateway("GET", repo.api() + "/subscription", bob.session)), "watching/repo");

  const std::int64_t num = test::open_discussion(ada.session, repo, "Tokenizer drops accents", "cc @" + dan.name);
  ASSERT_GT(num, 0);
  const Item watched =
      test::one_item(test::wait_for_items(bob.session, repo.path(), at_least(1)), num, "discussion.created");
  EXPECT_EQ(watched.reason, "watching");
  EXPECT_EQ(watched.state, "unread");
  EXPECT_EQ(watched.title, "Tokenizer drops accents");
  EXPECT_EQ(watched.actor, ada.name);
  EXPECT_EQ(watched.subject_type, "discussion");
  EXPECT_EQ(watched.repo_name, repo.path());
  EXPECT_TRUE(watched.url.ends_with("/" + repo.path() + "/discussions/" + std::to_string(num))) << watched.url;
  EXPECT_TRUE(watched.url.starts_with("http")) << "absolute, from HUB_PUBLIC_URL";
  EXPECT_EQ(
      test::one_item(test::wait_for_items(dan.session, repo.path(), at_least(1)), num, "discussion.created").reason,
      "mention");

  // A commenter who watches nothing: the author hears of it, and so does who was mentioned before
  // (they follow the thread now).
  ASSERT_EQ(test::post_comment(carl.session, repo, num, "Same here").status, 200);
  EXPECT_EQ(
      test::one_item(test::wait_for_items(ada.session, repo.path(), at_least(1)), num, "discussion.comment.created")
          .reason,
      "author");
  EXPECT_EQ(
      test::one_item(test::wait_for_items(dan.session, repo.path(), at_least(2)), num, "discussion.comment.created")
          .reason,
      "participating");
  EXPECT_EQ(
      test::one_item(test::wait_for_items(bob.session, repo.path(), at_least(2)), num, "discussion.comment.created")
          .reason,
      "watching");

  // The author answers and mentions the commenter: a mention beats participating; the author hears
  // nothing of their own comment (every recipient's item comes in one transaction: once carl has
  // his, everyone has theirs).
  ASSERT_EQ(test::post_comment(ada.session, repo, num, "Thanks @" + carl.name + ", fixed in v3").status, 200);
  const auto carls = test::wait_for_items(carl.session, repo.path(), at_least(1));
  ASSERT_EQ(carls.size(), 1U) << "nothing of his own comment";
  EXPECT_EQ(carls[0].reason, "mention");
  EXPECT_EQ(test::repo_items(ada.session, repo.path()).size(), 1U) << "the actor never gets their own";
  EXPECT_EQ(test::repo_items(bob.session, repo.path()).size(), 3U);
  EXPECT_EQ(test::repo_items(dan.session, repo.path()).size(), 3U);
}

TEST(NotificationsInbox, IgnoringSilencesARepoAndUnwatchingRestoresTheDefault) {
  const Account ada = test::new_account("ia"), bob = test::new_account("ib"), carl = test::new_account("ic");
  const TestRepo repo = test::new_repo(ada, false);
  ASSERT_EQ(test::subscribe(carl.session, repo.api(), "watching").status,
            200);  // carl's items say when a fan-out is done
  const std::int64_t num = test::open_discussion(ada.session, repo, "Ignore me");
  ASSERT_EQ(test::post_comment(bob.session, repo, num, "I take part").status, 200);
  test::wait_for_items(carl.session, repo.path(), at_least(2));

  EXPECT_EQ(level_of(test::subscribe(bob.session, repo.api(), "ignoring")), "ignoring/repo");
  ASSERT_EQ(test::post_comment(ada.session, repo, num, "Still there, @" + bob.name + "?").status, 200);
  test::wait_for_items(carl.session, repo.path(), at_least(3));
  EXPECT_TRUE(test::repo_items(bob.session, repo.path()).empty()) << "neither participation nor a mention";

  EXPECT_EQ(level_of(via_gateway("DELETE", repo.api() + "/subscription", bob.session)), "participating/default");
  ASSERT_EQ(test::post_comment(ada.session, repo, num, "Back again").status, 200);
  const auto bobs = test::wait_for_items(bob.session, repo.path(), at_least(1));
  ASSERT_EQ(bobs.size(), 1U);
  EXPECT_EQ(bobs[0].reason, "participating");
}

TEST(NotificationsInbox, WatchingAnOrganizationCoversTheReposOneMayRead) {
  test::MatrixPeople p;
  p.set_up();
  const TestRepo open = test::new_repo(p.admin, false, p.org);
  const TestRepo closed = test::new_repo(p.admin, true, p.org);
  const std::string org_path = "/api/organizations/" + p.org;
  EXPECT_EQ(level_of(via_gateway("GET", org_path + "/subscription", p.outsider.session)), "participating/default");
  EXPECT_EQ(level_of(test::subscribe(p.outsider.session, org_path, "watching")), "watching/organization");
  EXPECT_EQ(level_of(test::subscribe(p.reader.session, org_path, "watching")), "watching/organization");
  EXPECT_EQ(level_of(via_gateway("GET", org_path + "/subscription", p.reader.session)), "watching/organization");
  EXPECT_EQ(level_of(via_gateway("GET", open.api() + "/subscription", p.reader.session)), "watching/organization");

  ASSERT_EQ(test::subscribe(p.writer.session, open.api(), "watching").status, 200);  // says when a fan-out is done
  const std::int64_t in_open = test::open_discussion(p.admin.session, open, "Public news");
  const std::int64_t in_closed = test::open_discussion(p.admin.session, closed, "Members only");
  EXPECT_EQ(
      test::one_item(test::wait_for_items(p.outsider.session, open.path(), at_least(1)), in_open, "discussion.created")
          .reason,
      "watching");
  EXPECT_EQ(test::one_item(test::wait_for_items(p.reader.session, closed.path(), at_least(1)), in_closed,
                           "discussion.created")
                .reason,
            "watching");
  EXPECT_TRUE(test::repo_items(p.outsider.session, closed.path()).empty()) << "not a reader of the private repo";

  // The repo's own level wins over the organization's.
  EXPECT_EQ(level_of(test::subscribe(p.reader.session, open.api(), "ignoring")), "ignoring/repo");
  const std::int64_t second = test::open_discussion(p.admin.session, open, "More news");
  EXPECT_EQ(
      test::one_item(test::wait_for_items(p.outsider.session, open.path(), at_least(2)), second, "discussion.created")
          .reason,
      "watching");
  const auto readers = test::repo_items(p.reader.session, open.path());
  ASSERT_EQ(readers.size(), 1U) << "only what came before the repo was ignored";
  EXPECT_EQ(readers[0].thread, in_open);

  EXPECT_EQ(level_of(via_gateway("DELETE", org_path + "/subscription", p.outsider.session)), "participating/default");
  test::open_discussion(p.admin.session, open, "After unwatching");
  test::wait_for_items(p.writer.session, open.path(), at_least(3));
  EXPECT_EQ(test::repo_items(p.outsider.session, open.path()).size(), 2U);
}

TEST(NotificationsInbox, GroupMentionsReviewRequestsAndWhoMayReadNow) {
  test::MatrixPeople p;
  p.set_up();
  const TestRepo repo = test::new_repo(p.admin, true, p.org);
  ASSERT_FALSE(test::commit_on(p.admin, repo, "main", "a.txt", "1\n").empty());
  auto proposed = test::answer_json(test::commit_lines(
      p.writer.session, repo, {test::commit_header_line("Change a.txt"), test::commit_file_line("a.txt", "2\n")},
      "main?create_pr=1"));
  ASSERT_TRUE(proposed.IsObject() && proposed.HasMember("pullRequestUrl"));
  const std::string pr_url = proposed["pullRequestUrl"].GetString();
  const std::int64_t pr = std::stoll(pr_url.substr(pr_url.rfind('/') + 1));
  const std::string secret_title = "Secret plan " + util::random_id().substr(0, 8);
  ASSERT_EQ(via_gateway("POST", repo.api() + "/discussions/" + std::to_string(pr) + "/title", p.writer.session,
                        R"({"title":")" + secret_title + R"("})")
                .status,
            200);
  // The new title reached the inbox's memory of threads (it tells nobody by itself).
  ASSERT_TRUE(test::eventually([&] {
    pqxx::connection c(test::hub_db_url());
    pqxx::nontransaction tx(c);
    return tx.exec_params1("SELECT count(*) FROM notifications.threads WHERE title = $1", secret_title)[0].as<int>() ==
           1;
  }));

  // Reviews asked of a reader and of a team; the asker hears nothing of it.
  ASSERT_EQ(via_gateway("POST", repo.api() + "/discussions/" + std::to_string(pr) + "/reviewers", p.writer.session,
                        R"({"users":[")" + p.reader.name + R"("],"teams":[")" + p.org + R"(/vision"]})")
                .status,
            200);
  const Item asked =
      test::one_item(test::wait_for_items(p.reader.session, repo.path(), at_least(1)), pr, "pull.review.requested");
  EXPECT_EQ(asked.reason, "review_requested");
  EXPECT_EQ(asked.subject_type, "pull_request");
  EXPECT_EQ(asked.title, secret_title) << "pulls' events carry no title: the thread's is used";
  EXPECT_EQ(
      test::one_item(test::wait_for_items(p.teammate.session, repo.path(), at_least(1)), pr, "pull.review.requested")
          .reason,
      "review_requested");

  // A mention of the team reaches its members; of someone who may not read the private repo, nobody.
  ASSERT_EQ(
      test::post_comment(p.admin.session, repo, pr, "@" + p.org + "/vision and @" + p.outsider.name + ", have a look")
          .status,
      200);
  EXPECT_EQ(test::one_item(test::wait_for_items(p.teammate.session, repo.path(), at_least(2)), pr,
                           "discussion.comment.created")
                .reason,
            "mention");
  EXPECT_EQ(
      test::one_item(test::wait_for_items(p.reader.session, repo.path(), at_least(2)), pr, "discussion.comment.created")
          .reason,
      "participating")
      << "asked for a review: takes part in the thread";
  EXPECT_EQ(test::one_item(test::repo_items(p.writer.session, repo.path()), pr, "discussion.comment.created").reason,
            "author");
  EXPECT_TRUE(test::inbox_page(p.outsider.session, "state=all").empty()) << "a non-member mentioned gets nothing";

  // Removed from the org, the reader no longer sees the repo's items (nor their titles) anywhere;
  // added back, they return.
  const std::int64_t unread = test::unread_count(p.reader.session);
  EXPECT_EQ(unread, 2);
  ASSERT_EQ(via_gateway("DELETE", "/api/organizations/" + p.org + "/members/" + p.reader.name, p.admin.session).status,
            204);
  EXPECT_TRUE(test::eventually([&] {
    auto res = via_gateway("GET", "/api/notifications?state=all", p.reader.session);
    return res.status == 200 && res.body == "[]" && test::unread_count(p.reader.session) == 0;
  }));
  auto hidden = via_gateway("GET", "/api/notifications?state=all&repo=" + repo.path(), p.reader.session);
  EXPECT_EQ(hidden.body.find(secret_title), std::string::npos);
  p.set_role(p.reader, "read");
  EXPECT_TRUE(test::eventually([&] { return test::unread_count(p.reader.session) == unread; }));
  EXPECT_EQ(test::repo_items(p.reader.session, repo.path()).size(), 2U);
}

TEST(NotificationsInbox, MarksCountsFiltersAndPages) {
  const Account ada = test::new_account("ma"), bob = test::new_account("mb");
  const TestRepo repo = test::new_repo(ada, false), other = test::new_repo(ada, false);
  ASSERT_EQ(test::subscribe(bob.session, repo.api(), "watching").status, 200);
  ASSERT_EQ(test::subscribe(bob.session, other.api(), "watching").status, 200);
  const std::int64_t num = test::open_discussion(ada.session, repo, "Paging");
  for (int i = 0; i < 24; ++i)
    ASSERT_EQ(test::post_comment(ada.session, repo, num, "comment " + std::to_string(i)).status, 200);
  test::open_discussion(ada.session, other, "Elsewhere, cc @" + bob.name, "cc @" + bob.name);
  test::wait_for_items(bob.session, repo.path(), at_least(25));
  test::wait_for_items(bob.session, other.path(), at_least(1));
  EXPECT_EQ(test::unread_count(bob.session), 26);

  // Pages of ten, newest first, through the Link header; the cursor belongs to its list.
  std::vector<std::string> seen;
  std::string link;
  std::string query = "repo=" + repo.path() + "&limit=10";
  int pages = 0;
  std::string cursor_of_first_page;
  while (true) {
    const auto page = test::inbox_page(bob.session, query, &link);
    ++pages;
    for (const auto& i : page)
      seen.push_back(i.id);
    if (link.empty()) break;
    ASSERT_TRUE(link.starts_with("<http")) << link;
    ASSERT_NE(link.find(">; rel=\"next\""), std::string::npos) << link;
    const std::string url = link.substr(1, link.find('>') - 1);
    query = url.substr(url.find('?') + 1);
    if (cursor_of_first_page.empty()) cursor_of_first_page = query.substr(query.find("cursor="));
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 25U);
  for (std::size_t i = 1; i < seen.size(); ++i)
    EXPECT_GT(std::stoll(seen[i - 1]), std::stoll(seen[i])) << "newest first, by number";
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 25U);
  EXPECT_EQ(via_gateway("GET", "/api/notifications?" + cursor_of_first_page, bob.session).status, 400)
      << "a cursor of another list";
  EXPECT_EQ(via_gateway("GET", "/api/notifications?cursor=forged", bob.session).status, 400);

  // Filters.
  EXPECT_EQ(test::inbox_page(bob.session, "reason=mention").size(), 1U);
  EXPECT_EQ(test::inbox_page(bob.session, "reason=watching&limit=100").size(), 25U);
  EXPECT_EQ(test::inbox_page(bob.session, "repo=" + other.path()).size(), 1U);
  EXPECT_TRUE(test::inbox_page(bob.session, "repo=" + ada.name + "/nothing-here").empty());

  // Marks: some read, one done, one back to unread, then all.
  auto marked = test::answer_json(via_gateway("POST", "/api/notifications/read", bob.session,
                                              R"({"ids":[")" + seen[0] + R"(",")" + seen[1] + R"("]})"));
  EXPECT_EQ(marked["updated"].GetInt64(), 2);
  EXPECT_EQ(test::unread_count(bob.session), 24);
  EXPECT_EQ(test::inbox_page(bob.session, "unread=true&limit=100").size(), 24U);
  EXPECT_EQ(test::inbox_page(bob.session, "unread=false").size(), 2U);
  auto done = test::answer_json(via_gateway("POST", "/api/notifications/" + seen[2] + "/done", bob.session));
  EXPECT_EQ(std::string(done["state"].GetString()), "done");
  EXPECT_FALSE(done["unread"].GetBool());
  EXPECT_EQ(test::inbox_page(bob.session, "limit=100").size(), 25U) << "done items leave the default list";
  EXPECT_EQ(test::inbox_page(bob.session, "state=done").size(), 1U);
  EXPECT_EQ(test::inbox_page(bob.session, "state=all&limit=100").size(), 26U);
  auto read = test::answer_json(via_gateway("POST", "/api/notifications/" + seen[3] + "/read", bob.session));
  EXPECT_EQ(std::string(read["state"].GetString()), "read");
  EXPECT_EQ(test::answer_json(via_gateway("POST", "/api/notifications/read", bob.session,
                                          R"({"ids":[")" + seen[0] + R"("],"state":"unread"})"))["updated"]
                .GetInt64(),
            1);
  EXPECT_EQ(test::unread_count(bob.session), 23);
  EXPECT_EQ(test::answer_json(via_gateway("POST", "/api/notifications/read", bob.session, R"({"all":true})"))["updated"]
                .GetInt64(),
            23);
  EXPECT_EQ(test::unread_count(bob.session), 0);
  EXPECT_EQ(test::inbox_page(bob.session, "state=done").size(), 1U) << "reading all leaves done items done";
}

TEST(NotificationsInbox, AMovedRepoKeepsItsItemsUnderItsNewNameAndADeletedOneTakesThem) {
  const Account ada = test::new_account("ra"), bob = test::new_account("rb");
  const TestRepo repo = test::new_repo(ada, false);
  ASSERT_EQ(test::subscribe(bob.session, repo.api(), "watching").status, 200);
  const std::int64_t num = test::open_discussion(ada.session, repo, "Before the move");
  test::wait_for_items(bob.session, repo.path(), at_least(1));

  const TestRepo moved{ada.name, "moved" + util::random_id().substr(0, 8)};
  ASSERT_EQ(via_gateway("POST", "/api/repos/move", ada.session,
                        R"({"fromRepo":")" + repo.path() + R"(","toRepo":")" + moved.path() + R"(","type":"model"})")
                .status,
            200);
  const auto renamed = test::wait_for_items(bob.session, moved.path(), at_least(1));
  ASSERT_EQ(renamed.size(), 1U);
  EXPECT_EQ(renamed[0].repo_name, moved.path());
  EXPECT_TRUE(renamed[0].url.ends_with("/" + moved.path() + "/discussions/" + std::to_string(num))) << renamed[0].url;
  EXPECT_TRUE(test::repo_items(bob.session, repo.path()).empty());
  EXPECT_EQ(level_of(via_gateway("GET", moved.api() + "/subscription", bob.session)), "watching/repo")
      << "watching follows the repo";
  ASSERT_EQ(test::post_comment(ada.session, moved, num, "After the move").status, 200);
  EXPECT_EQ(test::wait_for_items(bob.session, moved.path(), at_least(2)).size(), 2U);

  ASSERT_EQ(via_gateway("DELETE", "/api/repos/delete", ada.session,
                        R"({"name":")" + moved.name + R"(","organization":")" + moved.ns + R"(","type":"model"})")
                .status,
            200);
  EXPECT_TRUE(test::eventually(
      [&] { return test::inbox_page(bob.session, "state=all").empty() && test::unread_count(bob.session) == 0; }));
}

}  // namespace
}  // namespace hub

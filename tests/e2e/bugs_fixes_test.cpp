// Bug reports pinned to revisions and fixed by pull requests, end to end through the real services:
// a merged pull request whose description says "fixes #N" resolves bug N (fixedIn its merge commit,
// the pull request linked, a transition by the merger), once, whatever the stream redelivers; a
// number that is no bug, or another repo's bug, changes nothing; and known-bugs answers right for
// revisions before, between and after the affected and the fixing commits, on main and on branches
// that forked before the fix.
#include <gtest/gtest.h>

#include <algorithm>
#include <pqxx/pqxx>

#include "common/events/envelope.hpp"
#include "common/json/json.hpp"
#include "common/redis/redis.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/json_object.hpp"
#include "tests/support/repo_calls.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::Account;
using test::TestRepo;
using test::via_gateway;
using Nums = std::vector<std::int64_t>;

std::int64_t file(const TestRepo& r, const std::string& token, const std::string& body) {
  auto doc = test::answer_json(via_gateway("POST", r.api() + "/bugs", token, body), 201);
  return doc.IsObject() && doc.HasMember("num") ? doc["num"].GetInt64() : 0;
}

json::Document read(const TestRepo& r, std::int64_t num, const std::string& token) {
  return test::answer_json(via_gateway("GET", r.api() + "/bugs/" + std::to_string(num), token));
}

Nums nums_of(const json::Value& list) {
  Nums out;
  for (const auto& b : list.GetArray())
    out.push_back(b["num"].GetInt64());
  std::sort(out.begin(), out.end());
  return out;
}

// The known bugs of a revision, by number.
Nums known(const TestRepo& r, const std::string& token, const std::string& rev) {
  auto doc = test::answer_json(via_gateway("GET", r.api() + "/revision/" + rev + "/known-bugs", token));
  return doc.IsObject() ? nums_of(doc["bugs"]) : Nums{-1};
}

void branch(const Account& a, const TestRepo& r, const std::string& name, const std::string& from) {
  ASSERT_EQ(
      via_gateway("POST", r.api() + "/branch/" + name, a.session, R"({"startingPoint":")" + from + R"("})").status,
      200);
}

std::int64_t count(const std::string& sql, const std::string& param) {
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  return tx.exec_params(sql, param)[0][0].as<std::int64_t>();
}

void publish(const events::Envelope& e) {
  auto conn = redis::Connection::open(redis::parse_url(test::require_env("HUB_TEST_REDIS_URL")).value(),
                                      std::chrono::seconds(2));
  auto reply = conn->command({"XADD", "events", "*", "id", e.id, "type", e.type, "envelope", e.to_json()});
  ASSERT_FALSE(reply.is_error()) << reply.str();
}

// The pull.merged event pulls wrote for a merge commit.
events::Envelope merged_event(const std::string& merge_commit) {
  pqxx::connection c(test::hub_db_url());
  pqxx::nontransaction tx(c);
  auto rows = tx.exec_params(
      "SELECT payload::text FROM pulls.outbox WHERE type = 'pull.merged' AND "
      "payload -> 'data' ->> 'mergeCommitId' = $1",
      merge_commit);
  EXPECT_EQ(rows.size(), 1U);
  return rows.empty() ? events::Envelope{} : events::parse_envelope(rows[0][0].as<std::string>()).value();
}

TEST(BugFixes, AMergedPullRequestResolvesWhatItFixesAndKnownBugsFollowTheHistory) {
  Account ada = test::new_account("bf");
  Account bob = test::new_account("bg");
  const TestRepo repo = test::new_repo(ada, false);
  const TestRepo other = test::new_repo(ada, false);
  const std::string c1 = test::commit_on(ada, repo, "main", "a.txt", "1\n");  // before the bug
  branch(ada, repo, "early", c1);
  test::commit_on(ada, repo, "early", "e.txt", "forked before the bug\n");
  const std::string c2 = test::commit_on(ada, repo, "main", "a.txt", "2\n");  // the affected revision
  ASSERT_FALSE(c2.empty());

  const std::int64_t bug = file(repo, bob.session, R"({"title":"Garbage since a.txt 2","affectedRevision":"main"})");
  EXPECT_EQ(std::string(read(repo, bug, bob.session)["affectedRevision"].GetString()), c2) << "main, as a commit";
  const std::int64_t closed = file(repo, bob.session, R"({"title":"Closed","affectedRevision":")" + c1 + R"("})");
  ASSERT_EQ(via_gateway("PATCH", repo.api() + "/bugs/" + std::to_string(closed), bob.session, R"({"status":"closed"})")
                .status,
            200);
  const std::int64_t unpinned = file(repo, bob.session, R"({"title":"No revision given"})");
  const std::int64_t elsewhere = file(other, bob.session, R"({"title":"Another repo's","affectedRevision":"main"})");
  ASSERT_EQ(elsewhere, bug) << "the same number in another repo";
  auto thread = test::answer_json(
      via_gateway("POST", repo.api() + "/discussions", bob.session, R"({"title":"A question","description":"?"})"));
  const std::int64_t discussion = thread["num"].GetInt64();

  branch(ada, repo, "forked", c2);
  const std::string f1 = test::commit_on(ada, repo, "forked", "f.txt", "forked after the bug, before the fix\n");
  const std::string c3 = test::commit_on(ada, repo, "main", "b.txt", "between\n");
  EXPECT_EQ(known(repo, bob.session, c1), Nums{}) << "before the affected commit";
  EXPECT_EQ(known(repo, bob.session, "early"), Nums{});
  EXPECT_EQ(known(repo, bob.session, c2), Nums{bug}) << "the affected commit itself";
  EXPECT_EQ(known(repo, bob.session, c3), Nums{bug});
  EXPECT_EQ(known(repo, bob.session, "forked"), Nums{bug});
  EXPECT_EQ(known(repo, bob.session, "main"), Nums{bug});

  // The fix: a pull request that says which numbers it closes, merged.
  json::Writer header;
  header.begin_object().field("key", "header").key("value").begin_object().field("summary", "Fix a.txt");
  header.field("description", "Fixes #" + std::to_string(bug) + ", closes #" + std::to_string(discussion) +
                                  " (a discussion), resolves #424242 (nothing)");
  header.end_object().end_object();
  auto made = test::answer_json(test::commit_lines(
      ada.session, repo, {header.str(), test::commit_file_line("a.txt", "fixed\n")}, "main?create_pr=1"));
  const std::string pr_url = made["pullRequestUrl"].GetString();
  const std::int64_t pr = std::stoll(pr_url.substr(pr_url.rfind('/') + 1));
  auto merged = test::answer_json(
      via_gateway("POST", repo.api() + "/discussions/" + std::to_string(pr) + "/merge", ada.session, "{}"));
  const std::string fix = merged["mergeCommitId"].GetString();
  ASSERT_TRUE(
      test::eventually([&] { return std::string(read(repo, bug, bob.session)["status"].GetString()) == "resolved"; },
                       std::chrono::seconds(30)))
      << "learned from the merge event";
  auto resolved = read(repo, bug, bob.session);
  EXPECT_EQ(std::string(resolved["fixedIn"].GetString()), fix);
  ASSERT_EQ(resolved["pullRequests"].Size(), 1U);
  EXPECT_EQ(resolved["pullRequests"][0]["num"].GetInt64(), pr);
  EXPECT_EQ(std::string(resolved["pullRequests"][0]["mergeCommitId"].GetString()), fix);
  const auto& last = resolved["timeline"][resolved["timeline"].Size() - 1];
  EXPECT_EQ(std::string(last["to"].GetString()), "resolved");
  EXPECT_EQ(std::string(last["actor"]["name"].GetString()), ada.name) << "a transition by the merger";
  EXPECT_EQ(last["pullRequest"]["num"].GetInt64(), pr);
  EXPECT_EQ(std::string(read(other, elsewhere, bob.session)["status"].GetString()), "open") << "another repo's";
  EXPECT_EQ(std::string(read(repo, closed, bob.session)["status"].GetString()), "closed");
  EXPECT_EQ(via_gateway("GET", repo.api() + "/bugs/" + std::to_string(discussion), bob.session).status, 404)
      << "a discussion's number made no bug report";

  // After the fix: only revisions without the merge commit still have the bug (resolved ones stay
  // known there).
  const std::string c4 = test::commit_on(ada, repo, "main", "c.txt", "after the fix\n");
  EXPECT_EQ(known(repo, bob.session, c1), Nums{});
  EXPECT_EQ(known(repo, bob.session, c2), Nums{bug});
  EXPECT_EQ(known(repo, bob.session, c3), Nums{bug}) << "between the affected and the fixing commits";
  EXPECT_EQ(known(repo, bob.session, "forked"), Nums{bug}) << "forked before the fix";
  EXPECT_EQ(known(repo, bob.session, f1), Nums{bug});
  EXPECT_EQ(known(repo, bob.session, fix), Nums{});
  EXPECT_EQ(known(repo, bob.session, c4), Nums{}) << "after the fix";
  EXPECT_EQ(known(repo, bob.session, "main"), Nums{});
  EXPECT_EQ(known(repo, bob.session, "early"), Nums{});
  // The same list, filterable on the bug list; a status asked for replaces the known ones.
  auto affects =
      test::answer_json(via_gateway("GET", repo.api() + "/bugs?affects=forked&severity=medium", bob.session));
  EXPECT_EQ(nums_of(affects["bugs"]), Nums{bug});
  EXPECT_EQ(std::string(affects["commit"].GetString()), f1);
  auto closed_too = test::answer_json(via_gateway("GET", repo.api() + "/bugs?affects=early&status=all", bob.session));
  EXPECT_EQ(nums_of(closed_too["bugs"]), Nums{closed}) << "the closed report affected c1, which early has";
  auto unknown = via_gateway("GET", repo.api() + "/revision/no-such-branch/known-bugs", bob.session);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.headers.get("X-Error-Code"), "RevisionNotFound");
  EXPECT_EQ(via_gateway("GET", repo.api() + "/bugs?affects=no-such-branch", bob.session).status, 404);
  // (Not the other repo's first commit: two repos created alike in the same second share it.)
  const std::string foreign = test::commit_on(ada, other, "main", "o.txt", "only in the other repo\n");
  EXPECT_EQ(via_gateway("GET", repo.api() + "/revision/" + foreign + "/known-bugs", bob.session).status, 404)
      << "another repo's commit";
  (void)unpinned;

  // Ancestry is asked of git once per pair of commits.
  const std::string repo_id = test::repo_field(ada.session, repo, "_id");
  const std::int64_t pairs = count("SELECT count(*) FROM bugs.ancestry WHERE repo_id = $1::uuid", repo_id);
  EXPECT_GT(pairs, 0);
  known(repo, bob.session, c3);
  known(repo, bob.session, "forked");
  EXPECT_EQ(count("SELECT count(*) FROM bugs.ancestry WHERE repo_id = $1::uuid", repo_id), pairs);

  // The same event again, under its own id and under a new one: nothing changes a second time (the
  // pull request is linked once, by event; not by the order things arrive in).
  ASSERT_EQ(
      via_gateway("PATCH", repo.api() + "/bugs/" + std::to_string(bug), ada.session, R"({"status":"open"})").status,
      200);
  events::Envelope again = merged_event(fix);
  ASSERT_FALSE(again.id.empty());
  publish(again);
  events::Envelope copy = again;
  copy.id = events::Envelope::make("x").id;
  publish(copy);
  const std::string sentinel_id = events::Envelope::make("x").id;
  // A forged merge in the other repo that says it fixes its bug: resolved there, which shows both
  // events above were read before it (one consumer, in stream order).
  events::Envelope there = copy;
  there.id = sentinel_id;
  there.repo->id = test::repo_field(ada.session, other, "_id");
  there.repo->name = other.path();
  publish(there);
  ASSERT_TRUE(test::eventually(
      [&] { return std::string(read(other, elsewhere, bob.session)["status"].GetString()) == "resolved"; },
      std::chrono::seconds(30)));
  auto after = read(repo, bug, bob.session);
  EXPECT_EQ(std::string(after["status"].GetString()), "open") << "reopened by hand, and not resolved again";
  EXPECT_EQ(after["pullRequests"].Size(), 1U);
  EXPECT_EQ(count("SELECT count(*) FROM bugs.transitions WHERE repo_id = $1::uuid AND pull_num IS NOT NULL", repo_id),
            1);
}

}  // namespace
}  // namespace hub

// What auth learns from other services' events, published on the stack's events stream as the
// relay would: repo events repair the registry the gateway decides from (a missed registration, a
// visibility change, a deletion that a late event cannot undo), and events carrying an `audit`
// block become audit entries of the repo's org, once even when delivered twice.
#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "common/events/envelope.hpp"
#include "common/redis/redis.hpp"
#include "common/util/random.hpp"
#include "common/util/uuid.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

using test::eventually;

void publish(const events::Envelope& e) {
  auto conn = redis::Connection::open(redis::parse_url(test::require_env("HUB_TEST_REDIS_URL")).value(),
                                      std::chrono::seconds(2));
  auto reply = conn->command({"XADD", "events", "*", "id", e.id, "type", e.type, "envelope", e.to_json()});
  ASSERT_FALSE(reply.is_error()) << reply.str();
}

events::Envelope repo_event(const std::string& type, const std::string& id, const std::string& full_name,
                            const std::string& data) {
  events::Envelope e = events::Envelope::make(type, data);
  e.repo = events::RepoRef{id, "model", full_name};
  return e;
}

// The gateway let the request through to the service (which may still answer 404 for a route it
// does not have yet): the caller may see the repo.
bool visible(const std::string& path, const std::string& token = {}) {
  auto res = test::via_gateway("GET", path, token);
  return res.headers.get("X-Error-Code") != "RepoNotFound";
}

TEST(AuthEvents, RepoEventsRepairTheRegistry) {
  const test::Account owner = test::new_account("ev");
  const std::string id = util::uuid4();
  const std::string name = owner.name + "/missed";
  const std::string path = "/api/models/" + name + "/discussions";
  ASSERT_FALSE(visible(path)) << "not registered: nobody can see it";

  // repos created it, but its registration never reached auth: the event repairs that.
  publish(repo_event("repo.created", id, name, R"({"private":true,"creatorId":")" + owner.id + R"("})"));
  EXPECT_TRUE(eventually([&] { return visible(path, owner.session); }, std::chrono::seconds(15)))
      << "the owner sees it";
  EXPECT_FALSE(visible(path)) << "private: anonymous callers do not";

  publish(repo_event("repo.updated", id, name, R"({"private":false})"));
  EXPECT_TRUE(eventually([&] { return visible(path); }, std::chrono::seconds(15))) << "made public";

  const events::Envelope stale = repo_event("repo.updated", id, name, R"({"private":false})");  // happened now...
  publish(repo_event("repo.deleted", id, name, "{}"));
  EXPECT_TRUE(eventually([&] { return !visible(path, owner.session); }, std::chrono::seconds(15))) << "deleted";
  publish(stale);  // ...but arrives after the deletion: it cannot bring the repo back
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_FALSE(visible(path, owner.session));
  // Nor can the synchronous registration reuse a deleted repo's id.
  auto again =
      test::as_service("AUTH", "repos", "PUT", "/internal/repos/" + id,
                       R"({"type":"model","namespace":")" + owner.name + R"(","name":"missed","private":false})");
  EXPECT_EQ(again.status, 409) << again.body;
}

// A move learned from its event alone (repos told auth after its commit, and that call was lost, or
// the event came first) leaves the old path behind as a redirect, as the synchronous registration does.
TEST(AuthEvents, AMoveEventLeavesTheOldPathAsARedirect) {
  const test::Account owner = test::new_account("mv");
  const std::string id = util::uuid4();
  const std::string before = owner.name + "/first";
  const std::string after = owner.name + "/second";
  publish(repo_event("repo.created", id, before, R"({"private":true,"creatorId":")" + owner.id + R"("})"));
  const std::string old_path = "/api/models/" + before + "/discussions";
  ASSERT_TRUE(eventually([&] { return visible(old_path, owner.session); }, std::chrono::seconds(15)));
  publish(repo_event("repo.moved", id, after, R"({"private":true,"movedFrom":")" + before + R"("})"));
  EXPECT_TRUE(eventually([&] { return visible("/api/models/" + after + "/discussions", owner.session); },
                         std::chrono::seconds(15)))
      << "the new path";
  EXPECT_TRUE(visible(old_path, owner.session)) << "the old path still names the repo";
  EXPECT_FALSE(visible(old_path)) << "private: anonymous callers still do not see it";
}

TEST(AuthEvents, AuditBlocksBecomeEntriesOfTheReposOrgOnce) {
  const test::Account admin = test::new_account("ea");
  const std::string org = "evorg" + util::random_id().substr(0, 8);
  ASSERT_EQ(test::via_gateway("POST", "/api/organizations", admin.session, R"({"name":")" + org + R"("})").status, 201);
  events::Envelope e = repo_event(
      "repo.config", util::uuid4(), org + "/bert",
      R"({"audit":{"action":"repo.protection.update","sourceAddress":"203.0.113.9","details":{"pattern":"main"}}})");
  e.actor = events::Actor{admin.id, admin.name};
  publish(e);
  publish(e);  // delivered twice (a relay retry): one entry
  const std::string log_path = "/api/organizations/" + org + "/audit-log?action=repo.protection.update";
  ASSERT_TRUE(eventually(
      [&] {
        return test::via_gateway("GET", log_path, admin.session).body.find("repo.protection.update") !=
               std::string::npos;
      },
      std::chrono::seconds(15)));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // time for the duplicate to be (not) applied
  auto log = json::parse(test::via_gateway("GET", log_path, admin.session).body);
  ASSERT_TRUE(log);
  ASSERT_TRUE(log.value().IsArray());
  ASSERT_EQ(log.value().Size(), 1u);
  const auto& entry = log.value()[0];
  EXPECT_EQ(std::string(entry["target"].GetString()), org + "/bert");
  EXPECT_EQ(std::string(entry["actor"]["name"].GetString()), admin.name);
  EXPECT_EQ(std::string(entry["sourceAddress"].GetString()), "203.0.113.9");
  EXPECT_EQ(std::string(entry["details"]["pattern"].GetString()), "main");
}

}  // namespace
}  // namespace hub

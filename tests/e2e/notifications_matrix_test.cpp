// Who may do what with the inbox and watching (docs/inbox.md): nothing without credentials (401),
// nothing of another user's inbox (their item ids are 404 here), no watching of a repo one may not
// read (404, as for the repo itself), and bad input a 400 (or 415) with a message that changes
// nothing.
#include <gtest/gtest.h>

#include "tests/support/inbox_calls.hpp"

namespace hub {
namespace {

using test::Account;
using test::TestRepo;
using test::via_gateway;

void expect_error(const http::ClientResponse& res, int status, const std::string& what) {
  EXPECT_EQ(res.status, status) << what << ": " << res.body;
  auto doc = json::parse_object(res.body);
  EXPECT_TRUE(doc && doc.value().HasMember("error")) << what << ": " << res.body;
  EXPECT_FALSE(res.headers.get("X-Error-Message").empty()) << what;
}

TEST(NotificationsMatrix, AnonymousCallersAreAskedToSignIn) {
  const Account ada = test::new_account("xa");
  const TestRepo repo = test::new_repo(ada, false);
  const std::vector<std::pair<std::string, std::string>> calls = {
      {"GET", "/api/notifications"},
      {"GET", "/api/notifications/unread-count"},
      {"POST", "/api/notifications/read"},
      {"POST", "/api/notifications/1/read"},
      {"POST", "/api/notifications/1/done"},
      {"GET", repo.api() + "/subscription"},
      {"PUT", repo.api() + "/subscription"},
      {"DELETE", repo.api() + "/subscription"},
      {"GET", "/api/organizations/" + ada.name + "/subscription"},
      {"PUT", "/api/organizations/" + ada.name + "/subscription"},
      {"DELETE", "/api/organizations/" + ada.name + "/subscription"},
  };
  for (const auto& [method, target] : calls) {
    const std::string body = method == "GET" || method == "DELETE" ? "" : R"({"level":"watching","all":true})";
    expect_error(via_gateway(method, target, {}, body), 401, method + " " + target);
  }
}

TEST(NotificationsMatrix, NobodySeesOrMarksAnothersInbox) {
  const Account ada = test::new_account("xo"), bob = test::new_account("xb"), eve = test::new_account("xe");
  const TestRepo repo = test::new_repo(ada, false);
  ASSERT_EQ(test::subscribe(bob.session, repo.api(), "watching").status, 200);
  const std::int64_t num = test::open_discussion(ada.session, repo, "For bob only");
  const auto bobs = test::wait_for_items(bob.session, repo.path(), test::at_least(1));
  ASSERT_EQ(bobs.size(), 1U);
  const std::string id = bobs[0].id;
  (void)num;

  EXPECT_TRUE(test::inbox_page(eve.session, "state=all").empty());
  EXPECT_EQ(test::unread_count(eve.session), 0);
  expect_error(via_gateway("POST", "/api/notifications/" + id + "/done", eve.session), 404, "another's item");
  expect_error(via_gateway("POST", "/api/notifications/" + id + "/read", eve.session), 404, "another's item");
  auto marked =
      test::answer_json(via_gateway("POST", "/api/notifications/read", eve.session, R"({"ids":[")" + id + R"("]})"));
  EXPECT_EQ(marked["updated"].GetInt64(), 0);
  EXPECT_EQ(test::answer_json(via_gateway("POST", "/api/notifications/read", eve.session, R"({"all":true})"))["updated"]
                .GetInt64(),
            0);
  EXPECT_EQ(test::unread_count(bob.session), 1) << "bob's item is untouched";
  expect_error(via_gateway("POST", "/api/notifications/999999999/done", bob.session), 404, "no such item");
  expect_error(via_gateway("POST", "/api/notifications/abc/done", bob.session), 404, "not an item id");
}

TEST(NotificationsMatrix, WatchingAPrivateRepoNeedsReadingIt) {
  const Account ada = test::new_account("xp"), eve = test::new_account("xq");
  const TestRepo repo = test::new_repo(ada, true);
  for (const std::string method : {"GET", "PUT", "DELETE"}) {
    auto res = via_gateway(method, repo.api() + "/subscription", eve.session,
                           method == "PUT" ? R"({"level":"watching"})" : "");
    expect_error(res, 404, method + " on a private repo");
    EXPECT_EQ(res.headers.get("X-Error-Code"), "RepoNotFound");
  }
  EXPECT_EQ(via_gateway("GET", repo.api() + "/subscription", ada.session).status, 200);
  expect_error(via_gateway("GET", "/api/organizations/-bad-/subscription", eve.session), 404, "no org has that name");
}

TEST(NotificationsMatrix, BadInputIsRefusedAndChangesNothing) {
  const Account ada = test::new_account("xi");
  const TestRepo repo = test::new_repo(ada, false);
  ASSERT_EQ(test::subscribe(ada.session, repo.api(), "ignoring").status, 200);
  for (const std::string body : {R"({"level":"loud"})", R"({"level":1})", R"({})", R"(not json)", R"([])"}) {
    expect_error(via_gateway("PUT", repo.api() + "/subscription", ada.session, body), 400, body);
  }
  expect_error(via_gateway("PUT", repo.api() + "/subscription", ada.session, R"({"level":"watching"})", "text/plain"),
               415, "not JSON");
  const std::string org = "/api/organizations/" + ada.name + "/subscription";
  expect_error(via_gateway("PUT", org, ada.session, R"({"level":"everything"})"), 400, "org level");
  auto level = test::answer_json(via_gateway("GET", repo.api() + "/subscription", ada.session));
  EXPECT_EQ(std::string(level["level"].GetString()), "ignoring") << "unchanged";
  auto org_level = test::answer_json(via_gateway("GET", org, ada.session));
  EXPECT_EQ(std::string(org_level["source"].GetString()), "default") << "unchanged";

  for (const std::string body :
       {R"({})", R"({"ids":"1"})", R"({"ids":[]})", R"({"ids":["x"]})", R"({"ids":["1"],"state":"gone"})",
        R"({"all":true,"ids":["1"]})", R"({"all":true,"state":"unread"})", R"(nope)"}) {
    expect_error(via_gateway("POST", "/api/notifications/read", ada.session, body), 400, body);
  }
  for (const std::string query : {"state=archived", "unread=maybe", "unread=true&state=read", "reason=subscribed",
                                  "repo=only-a-namespace", "limit=0", "limit=1001", "cursor=forged"}) {
    expect_error(via_gateway("GET", "/api/notifications?" + query, ada.session), 400, query);
  }
}

}  // namespace
}  // namespace hub

// A removed member's assignments end (docs/bugs.md, "Assignees"): auth says someone left an org
// (org.member.removed), and the bugs service ends their assignments on the reports of the repos
// they may no longer read, with a bug.updated event each; where they still read (a public repo of
// the org), the assignment stays.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "tests/support/eventually.hpp"
#include "tests/support/inbox_calls.hpp"
#include "tests/support/matrix_people.hpp"

namespace hub {
namespace {

using test::TestRepo;
using test::via_gateway;

std::int64_t file_assigned(const test::Account& by, const TestRepo& r, const std::string& assignee) {
  auto doc = test::answer_json(
      via_gateway("POST", r.api() + "/bugs", by.session,
                  R"({"title":"Wrong labels in the config","severity":"medium","assignees":[")" + assignee + R"("]})"),
      201);
  return doc.IsObject() && doc.HasMember("num") ? doc["num"].GetInt64() : 0;
}

std::vector<std::string> assignees_of(const test::Account& reader, const TestRepo& r, std::int64_t num) {
  auto doc = test::answer_json(via_gateway("GET", r.api() + "/bugs/" + std::to_string(num), reader.session));
  std::vector<std::string> out;
  if (!doc.IsObject() || !doc.HasMember("assignees")) return {"?"};
  for (const auto& a : doc["assignees"].GetArray())
    out.emplace_back(a["name"].GetString());
  return out;
}

TEST(BugAssignments, ARemovedMemberLosesThoseOfReposTheyCanNoLongerRead) {
  test::MatrixPeople p;
  p.set_up();
  const TestRepo closed = test::new_repo(p.admin, true, p.org);
  const TestRepo open = test::new_repo(p.admin, false, p.org);
  const std::int64_t in_closed = file_assigned(p.admin, closed, p.reader.name);
  const std::int64_t in_open = file_assigned(p.admin, open, p.reader.name);
  ASSERT_GT(in_closed, 0);
  ASSERT_GT(in_open, 0);
  EXPECT_EQ(assignees_of(p.admin, closed, in_closed), std::vector<std::string>{p.reader.name});
  const auto told = test::wait_for_items(p.reader.session, closed.path(), test::at_least(1));
  ASSERT_EQ(told.size(), 1U);
  EXPECT_EQ(told[0].reason, "assigned");

  ASSERT_EQ(via_gateway("DELETE", "/api/organizations/" + p.org + "/members/" + p.reader.name, p.admin.session).status,
            204);
  EXPECT_TRUE(test::eventually([&] { return assignees_of(p.admin, closed, in_closed).empty(); }))
      << "still assigned to a private report they cannot read";
  EXPECT_EQ(assignees_of(p.admin, open, in_open), std::vector<std::string>{p.reader.name})
      << "a public repo of the org: they still read it, the assignment stays";

  // The change is an event like any other (no actor: the hub did it), and the request was answered once.
  pqxx::connection c(test::hub_db_url());
  auto count = [&](const char* sql, const std::string& a, const std::string& b = {}) {
    pqxx::nontransaction tx(c);
    return b.empty() ? tx.exec_params1(sql, a)[0].as<int>() : tx.exec_params1(sql, a, b)[0].as<int>();
  };
  EXPECT_EQ(count("SELECT count(*) FROM bugs.outbox WHERE type = 'bug.updated' AND "
                  "payload->'repo'->>'name' = $1 AND payload->'data'->'updated'->'unassigned'->0->>'name' = $2",
                  closed.path(), p.reader.name),
            1);
  EXPECT_TRUE(test::eventually([&] {
    return count(
               "SELECT count(*) FROM bugs.assignment_rechecks WHERE user_id = $1::uuid AND passes = 1 AND "
               "due > now()",
               p.reader.id) == 1;
  })) << "checked once, and due again in a minute (an assignment checked before the removal may commit late)";
  EXPECT_TRUE(test::inbox_page(p.reader.session, "state=all&repo=" + closed.path()).empty())
      << "and the private report's items are gone from their inbox";

  // At delivery too: a new private report that mentions them tells the member who can read it and
  // not them (once the writer has the item, every recipient's item exists).
  auto later = via_gateway(
      "POST", closed.api() + "/bugs", p.admin.session,
      R"({"title":"Another private one","severity":"low","body":"@)" + p.reader.name + " @" + p.writer.name + R"("})");
  ASSERT_EQ(later.status, 201) << later.body;
  EXPECT_EQ(test::wait_for_items(p.writer.session, closed.path(), test::at_least(1)).size(), 1U);
  pqxx::nontransaction tx(c);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM notifications.inbox_items WHERE user_id = $1::uuid AND repo_id = "
                            "(SELECT repo_id FROM notifications.inbox_items WHERE user_id = $2::uuid LIMIT 1)",
                            p.reader.id, p.writer.id)[0]
                .as<int>(),
            1)
      << "only the item made while they could read it is stored for them";
}

}  // namespace
}  // namespace hub

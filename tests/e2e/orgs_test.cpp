// Organizations through the gateway: the creator is admin, roles change and show in whoami, only
// admins manage members, members may leave, and an org never loses its last admin.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/http/client.hpp"
#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "tests/support/stack_calls.hpp"
#include "tests/support/test_env.hpp"

namespace hub {
namespace {

http::ClientResponse call(const std::string& method, const std::string& target, const std::string& token = {},
                          const std::string& body = {}) {
  return test::via_gateway(method, target, token, body);
}

struct User {
  std::string name;
  std::string token;
};

User user() {
  User u{"o" + util::random_id().substr(0, 12), {}};
  EXPECT_EQ(
      call("POST", "/api/signup", {},
           R"({"username":")" + u.name + R"(","email":")" + u.name + R"(@example.com","password":"correct horse"})")
          .status,
      201);
  auto login = call("POST", "/api/login", {}, R"({"username":")" + u.name + R"(","password":"correct horse"})");
  u.token = json::parse_object(login.body).value()["token"].GetString();
  return u;
}

std::string role_in(const User& u, const std::string& org) {
  auto me = json::parse_object(call("GET", "/api/whoami-v2", u.token).body).value();
  for (const auto& o : me["orgs"].GetArray()) {
    if (std::string(o["name"].GetString()) == org) return o["roleInOrg"].GetString();
  }
  return "";
}

// An admin (or not) gives `member` a role in `org`: the status.
int set_role(const User& by, const std::string& org, const User& member, const std::string& role) {
  return call("PUT", "/api/organizations/" + org + "/members/" + member.name + "/role", by.token,
              R"({"role":")" + role + R"("})")
      .status;
}

std::string new_org(const User& admin) {
  const std::string name = "org" + util::random_id().substr(0, 10);
  auto made = call("POST", "/api/organizations", admin.token, R"({"name":")" + name + R"(","fullname":"Acme ML"})");
  EXPECT_EQ(made.status, 201) << made.body;
  return name;
}

TEST(Orgs, CreatorIsAdminAndRolesShowInWhoami) {
  User alice = user();
  User bob = user();
  const std::string org = new_org(alice);
  EXPECT_EQ(role_in(alice, org), "admin");
  EXPECT_EQ(role_in(bob, org), "");

  auto info = call("GET", "/api/organizations/" + org);
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(std::string(json::parse_object(info.body).value()["fullname"].GetString()), "Acme ML");

  auto added = call("PUT", "/api/organizations/" + org + "/members/" + bob.name + "/role", alice.token,
                    R"({"role":"contributor"})");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.body, R"({"success":true})");
  EXPECT_EQ(role_in(bob, org), "contributor");

  auto members = call("GET", "/api/organizations/" + org + "/members", bob.token);
  ASSERT_EQ(members.status, 200);
  auto list = json::parse(members.body).value();
  ASSERT_EQ(list.Size(), 2u);

  ASSERT_EQ(set_role(alice, org, bob, "write"), 200);
  EXPECT_EQ(role_in(bob, org), "write");
}

TEST(Orgs, OnlyAdminsManageMembersAndAnyoneMayLeave) {
  User alice = user();
  User bob = user();
  User carol = user();
  const std::string org = new_org(alice);
  ASSERT_EQ(set_role(alice, org, bob, "write"), 200);
  // A write member is not an admin: no role changes, no removing others.
  EXPECT_EQ(set_role(bob, org, carol, "read"), 403);
  EXPECT_EQ(call("DELETE", "/api/organizations/" + org + "/members/" + alice.name, bob.token).status, 403);
  // An outsider does not see the member list.
  EXPECT_EQ(call("GET", "/api/organizations/" + org + "/members", carol.token).status, 403);
  // Bob leaves on his own.
  EXPECT_EQ(call("DELETE", "/api/organizations/" + org + "/members/" + bob.name, bob.token).status, 204);
  EXPECT_EQ(role_in(bob, org), "");
}

TEST(Orgs, NeverWithoutAnAdmin) {
  User alice = user();
  User bob = user();
  const std::string org = new_org(alice);
  auto demote =
      call("PUT", "/api/organizations/" + org + "/members/" + alice.name + "/role", alice.token, R"({"role":"write"})");
  EXPECT_EQ(demote.status, 409) << demote.body;
  EXPECT_EQ(call("DELETE", "/api/organizations/" + org + "/members/" + alice.name, alice.token).status, 409);
  EXPECT_EQ(role_in(alice, org), "admin");
  // With a second admin, the first may step down.
  ASSERT_EQ(set_role(alice, org, bob, "admin"), 200);
  EXPECT_EQ(set_role(alice, org, alice, "read"), 200);
  EXPECT_EQ(role_in(alice, org), "read");
}

TEST(Orgs, NamesAreSharedWithUsersAndCheckedAndReadTokensCannotCreate) {
  User alice = user();
  EXPECT_EQ(call("POST", "/api/organizations", alice.token, R"({"name":")" + alice.name + R"("})").status, 409);
  EXPECT_EQ(call("POST", "/api/organizations", alice.token, R"({"name":"datasets"})").status, 400);
  EXPECT_EQ(call("POST", "/api/organizations", alice.token, R"({"name":"a b"})").status, 400);
  EXPECT_EQ(call("POST", "/api/organizations", {}, R"({"name":"nobodys-org"})").status, 401);
  auto made = call("POST", "/api/settings/tokens", alice.token, R"({"displayName":"ro","role":"read"})");
  const std::string read_token = json::parse_object(made.body).value()["token"].GetString();
  EXPECT_EQ(call("POST", "/api/organizations", read_token, R"({"name":"ro-)" + alice.name + R"("})").status, 403);
  // An org's name is not free for a user either.
  const std::string org = new_org(alice);
  EXPECT_EQ(call("POST", "/api/signup", {},
                 R"({"username":")" + org + R"(","email":")" + org + R"(@example.com","password":"correct horse"})")
                .status,
            409);
  EXPECT_EQ(call("GET", "/api/organizations/no-such-org-here").status, 404);
  EXPECT_EQ(set_role(alice, org, alice, "owner"), 400);
}

TEST(Orgs, AuditLogRecordsMembershipChangesForAdminsOnly) {
  User alice = user();
  User bob = user();
  const std::string org = new_org(alice);
  ASSERT_EQ(set_role(alice, org, bob, "write"), 200);
  auto log = call("GET", "/api/organizations/" + org + "/audit-log?action=org.member.role", alice.token);
  ASSERT_EQ(log.status, 200) << log.body;
  auto entries = json::parse(log.body).value();
  ASSERT_EQ(entries.Size(), 1u) << log.body;
  EXPECT_EQ(std::string(entries[0]["target"].GetString()), bob.name);
  EXPECT_EQ(std::string(entries[0]["actor"]["name"].GetString()), alice.name);
  EXPECT_EQ(std::string(entries[0]["details"]["role"].GetString()), "write");
  EXPECT_EQ(std::string(entries[0]["sourceAddress"].GetString()), "127.0.0.1");
  EXPECT_EQ(std::string(entries[0]["id"].GetString()).size(), 36u);

  auto all = call("GET", "/api/organizations/" + org + "/audit-log?actor=" + alice.name, alice.token);
  EXPECT_EQ(json::parse(all.body).value().Size(), 2u) << all.body;  // org.create, org.member.role
  EXPECT_EQ(call("GET", "/api/organizations/" + org + "/audit-log?since=2999-01-01T00:00:00Z", alice.token).body, "[]");
  EXPECT_EQ(call("GET", "/api/organizations/" + org + "/audit-log?since=yesterday", alice.token).status, 400);

  http::Client client(test::stack_gateway());
  http::Headers h;
  h.set("Authorization", "Bearer " + alice.token);
  h.set("Accept", "application/x-ndjson");
  auto exported = client.get("/api/organizations/" + org + "/audit-log", h);
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.headers.get("Content-Type"), "application/x-ndjson");
  EXPECT_EQ(std::count(exported.body.begin(), exported.body.end(), '\n'), 2);

  EXPECT_EQ(call("GET", "/api/organizations/" + org + "/audit-log", bob.token).status, 403);  // write, not admin
}

TEST(Orgs, AuditLogPagesWithSignedCursors) {
  User alice = user();
  const std::string org = new_org(alice);  // org.create
  std::vector<User> members;
  for (int i = 0; i < 4; ++i) {  // four org.member.role entries: five in all
    members.push_back(user());
    ASSERT_EQ(set_role(alice, org, members.back(), "read"), 200);
  }
  std::vector<std::string> seen;
  std::string target = "/api/organizations/" + org + "/audit-log?limit=2";
  for (int page = 0; page < 5 && !target.empty(); ++page) {
    auto res = call("GET", target, alice.token);
    ASSERT_EQ(res.status, 200) << res.body;
    auto entries = json::parse(res.body).value();
    EXPECT_LE(entries.Size(), 2u);
    for (const auto& e : entries.GetArray())
      seen.push_back(e["id"].GetString());
    const std::string link(res.headers.get("Link"));
    target.clear();
    if (link.empty()) break;
    // Absolute, with the space after ';' the JS client's parser needs.
    ASSERT_EQ(link.rfind("<http", 0), 0u) << link;
    ASSERT_NE(link.find(">; rel=\"next\""), std::string::npos) << link;
    const std::string url = link.substr(1, link.find('>') - 1);
    target = url.substr(url.find("/api/"));
    EXPECT_NE(target.find("limit=2"), std::string::npos) << "filters carry over: " << target;
  }
  EXPECT_EQ(seen.size(), 5u);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end()) << "no entry twice";

  // A cursor is bound to its list: another filter, another org, or an edited one is refused.
  auto first = call("GET", "/api/organizations/" + org + "/audit-log?limit=1", alice.token);
  const std::string link(first.headers.get("Link"));
  const std::string cursor = link.substr(link.find("cursor=") + 7, link.find('>') - link.find("cursor=") - 7);
  EXPECT_EQ(call("GET", "/api/organizations/" + org + "/audit-log?limit=1&cursor=" + cursor, alice.token).status, 200);
  EXPECT_EQ(
      call("GET", "/api/organizations/" + org + "/audit-log?action=org.create&cursor=" + cursor, alice.token).status,
      400);
  EXPECT_EQ(call("GET", "/api/organizations/" + org + "/audit-log?cursor=00" + cursor, alice.token).status, 400);
  EXPECT_EQ(call("GET", "/api/organizations/" + org + "/audit-log?limit=0", alice.token).status, 400);
  EXPECT_EQ(call("GET", "/api/organizations/" + org + "/audit-log?limit=5000", alice.token).status, 400);
}

}  // namespace
}  // namespace hub

// POST /internal/readable-repos: of the repos asked about (by id), those a user may read now — the
// inbox's check when it is read. Registered as repos registers them; the user's reach follows their
// org membership at once.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/json/json.hpp"
#include "common/util/random.hpp"
#include "common/util/uuid.hpp"
#include "tests/support/stack_calls.hpp"

namespace hub {
namespace {

http::ClientResponse ask(const std::string& body) {
  return test::as_service("AUTH", "notifications", "POST", "/internal/readable-repos", body);
}

std::string register_model(const std::string& ns, const std::string& name, bool is_private) {
  const std::string id = util::uuid4();
  const auto res = test::as_service("AUTH", "repos", "PUT", "/internal/repos/" + id,
                                    R"({"type":"model","namespace":")" + ns + R"(","name":")" + name +
                                        R"(","private":)" + (is_private ? "true" : "false") + "}");
  if (res.status != 204) throw std::runtime_error("registering failed: " + res.body);
  return id;
}

std::vector<std::string> readable(const std::string& user_id, const std::vector<std::string>& repo_ids) {
  std::string body = R"({"userId":")" + user_id + R"(","repoIds":[)";
  for (std::size_t i = 0; i < repo_ids.size(); ++i)
    body += (i > 0 ? ",\"" : "\"") + repo_ids[i] + "\"";
  body += "]}";
  const auto res = ask(body);
  EXPECT_EQ(res.status, 200) << res.body;
  std::vector<std::string> out;
  auto doc = json::parse_object(res.body);
  if (!doc) return out;
  for (const auto& id : doc.value()["readable"].GetArray())
    out.emplace_back(id.GetString());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(AuthReadableRepos, FollowsVisibilityAndMembership) {
  const test::Account owner = test::new_account("rr");
  const test::Account member = test::new_account("rm");
  const test::Account stranger = test::new_account("rs");
  const std::string org = "rro" + util::random_id().substr(0, 10);
  ASSERT_EQ(test::via_gateway("POST", "/api/organizations", owner.session, R"({"name":")" + org + R"(","fullname":"R"})").status,
            201);
  const std::string own_private = register_model(owner.name, "mine", true);
  const std::string org_private = register_model(org, "secret", true);
  const std::string org_public = register_model(org, "open", false);
  const std::string unknown = util::uuid4();
  const std::vector<std::string> all{own_private, org_private, org_public, unknown};

  EXPECT_EQ(readable(owner.id, all), sorted({own_private, org_private, org_public}));
  EXPECT_EQ(readable(stranger.id, all), sorted({org_public}));
  EXPECT_EQ(readable(member.id, all), sorted({org_public}));

  ASSERT_EQ(test::via_gateway("PUT", "/api/organizations/" + org + "/members/" + member.name + "/role",
                              owner.session, R"({"role":"read"})")
                .status,
            200);
  EXPECT_EQ(readable(member.id, all), sorted({org_private, org_public}));
  ASSERT_EQ(test::via_gateway("DELETE", "/api/organizations/" + org + "/members/" + member.name, owner.session)
                .status,
            204);
  EXPECT_EQ(readable(member.id, all), sorted({org_public}));
  // An unknown user reads nothing, not even public repos (nobody to deliver to).
  EXPECT_TRUE(readable(util::uuid4(), all).empty());
}

TEST(AuthReadableRepos, RefusesBadInput) {
  const test::Account a = test::new_account("rb");
  EXPECT_EQ(ask(R"({"repoIds":[]})").status, 400);
  EXPECT_EQ(ask(R"({"userId":"nope","repoIds":[]})").status, 400);
  EXPECT_EQ(ask(R"({"userId":")" + a.id + R"(","repoIds":["x"]})").status, 400);
  EXPECT_EQ(ask(R"({"userId":")" + a.id + R"(","repoIds":"x"})").status, 400);
  std::string many = R"({"userId":")" + a.id + R"(","repoIds":[)";
  for (int i = 0; i < 1001; ++i)
    many += (i > 0 ? ",\"" : "\"") + util::uuid4() + "\"";
  many += "]}";
  const auto res = ask(many);
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.body.find("at most 1000"), std::string::npos) << res.body;
}

}  // namespace
}  // namespace hub

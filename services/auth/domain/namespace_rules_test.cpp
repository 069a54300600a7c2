#include "services/auth/domain/namespace_rules.hpp"

#include <gtest/gtest.h>

namespace hub::auth {
namespace {

NamespaceFacts session_of(std::string user) {
  NamespaceFacts f;
  f.user_name = std::move(user);
  f.token_kind = "session";
  f.token_role = "write";
  f.scoped_json = "[]";
  return f;
}

}  // namespace

TEST(NamespaceRules, OwnNamespaceYesUnknownOrgLooksMissing) {
  const NamespaceAnswer own = decide_namespace("Ada", session_of("ada"), "");
  EXPECT_TRUE(own.exists);
  EXPECT_TRUE(own.may_create);
  EXPECT_EQ(own.kind, "user");
  EXPECT_EQ(own.default_visibility, "public");

  const NamespaceAnswer nowhere = decide_namespace("acme", session_of("ada"), "");
  EXPECT_FALSE(nowhere.exists);
  EXPECT_FALSE(nowhere.may_create);
  EXPECT_EQ(nowhere.reason, "no organization named acme that you belong to");

  NamespaceFacts outsider = session_of("ada");
  outsider.org_exists = true;
  const NamespaceAnswer hidden = decide_namespace("acme", outsider, "");
  EXPECT_FALSE(hidden.exists);
  EXPECT_EQ(hidden.kind, "org");
  EXPECT_EQ(hidden.reason, "no organization named acme that you belong to");
}

TEST(NamespaceRules, ContributorsAndAboveCreateWithATokenThatWrites) {
  NamespaceFacts reader = session_of("ada");
  reader.org_exists = true;
  reader.org_role = "read";
  EXPECT_EQ(decide_namespace("acme", reader, "").reason, "your role in acme may not create repos");

  NamespaceFacts contributor = reader;
  contributor.org_role = "contributor";
  EXPECT_TRUE(decide_namespace("acme", contributor, "").may_create);

  NamespaceFacts read_token = contributor;
  read_token.token_kind = "access";
  read_token.token_role = "read";
  EXPECT_EQ(decide_namespace("acme", read_token, "").reason, "this token may not create repos in acme");

  NamespaceFacts scoped = read_token;
  scoped.token_role = "fineGrained";
  scoped.scoped_json = R"([{"entity":{"type":"org","name":"ACME"},"permissions":["repo.write"]}])";
  EXPECT_TRUE(decide_namespace("acme", scoped, "").may_create);
  EXPECT_TRUE(scoped_write(scoped.scoped_json, "acme"));
  EXPECT_FALSE(scoped_write(scoped.scoped_json, "other"));
}

TEST(NamespaceRules, TheOrgPolicySetsTheDefaultAndMayRefuse) {
  NamespaceFacts member = session_of("ada");
  member.org_exists = true;
  member.org_role = "admin";
  member.policy.default_repo_visibility = "private";
  member.policy.ip_allowlist.push_back(*net::parse_cidr("10.0.0.0/8"));
  const NamespaceAnswer inside = decide_namespace("acme", member, "10.1.2.3");
  EXPECT_TRUE(inside.may_create);
  EXPECT_EQ(inside.default_visibility, "private");
  const NamespaceAnswer outside = decide_namespace("acme", member, "192.0.2.1");
  EXPECT_FALSE(outside.may_create);
  EXPECT_FALSE(outside.reason.empty());
}

}  // namespace hub::auth

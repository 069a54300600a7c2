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

TEST(NamespaceRules, WebhooksAreTheUsersOwnAndTheOrgAdmins) {
  const WebhookOwnerAnswer own = decide_webhook_owner("Ada", session_of("ada"), "");
  EXPECT_TRUE(own.exists);
  EXPECT_EQ(own.kind, "user");
  EXPECT_TRUE(own.may_read);
  EXPECT_TRUE(own.may_manage);

  NamespaceFacts outsider = session_of("ada");
  outsider.org_exists = true;
  const WebhookOwnerAnswer hidden = decide_webhook_owner("acme", outsider, "");
  EXPECT_FALSE(hidden.exists) << "an org the caller does not belong to looks missing";
  EXPECT_FALSE(hidden.may_read);
  EXPECT_FALSE(decide_webhook_owner("nobody", session_of("ada"), "").exists);

  NamespaceFacts writer = outsider;
  writer.org_role = "write";
  const WebhookOwnerAnswer member = decide_webhook_owner("acme", writer, "");
  EXPECT_TRUE(member.exists);
  EXPECT_EQ(member.kind, "org");
  EXPECT_FALSE(member.may_read);
  EXPECT_EQ(member.reason, "only an admin of acme manages its webhooks");

  NamespaceFacts admin = outsider;
  admin.org_role = "admin";
  EXPECT_TRUE(decide_webhook_owner("acme", admin, "").may_manage);

  NamespaceFacts read_token = admin;
  read_token.token_kind = "access";
  read_token.token_role = "read";
  const WebhookOwnerAnswer reads = decide_webhook_owner("acme", read_token, "");
  EXPECT_TRUE(reads.may_read);
  EXPECT_FALSE(reads.may_manage);
  EXPECT_EQ(reads.reason, "this token may not manage webhooks of acme");

  NamespaceFacts scoped = read_token;
  scoped.token_role = "fineGrained";
  scoped.scoped_json = R"([{"entity":{"type":"org","name":"ACME"},"permissions":["webhooks.write"]}])";
  EXPECT_TRUE(decide_webhook_owner("acme", scoped, "").may_manage);
  scoped.scoped_json = R"([{"entity":{"type":"org","name":"acme"},"permissions":["repo.write"]}])";
  EXPECT_FALSE(decide_webhook_owner("acme", scoped, "").may_read) << "repo.write says nothing of webhooks";
  EXPECT_EQ(decide_webhook_owner("acme", scoped, "").reason, "this token may not read the webhooks of acme");
  scoped.scoped_json = R"([{"entity":{"type":"org","name":"acme"},"permissions":["org.read"]}])";
  EXPECT_TRUE(decide_webhook_owner("acme", scoped, "").may_read);
  EXPECT_FALSE(decide_webhook_owner("acme", scoped, "").may_manage);

  NamespaceFacts fenced = admin;
  fenced.policy.ip_allowlist.push_back(*net::parse_cidr("10.0.0.0/8"));
  EXPECT_TRUE(decide_webhook_owner("acme", fenced, "10.1.2.3").may_manage);
  EXPECT_FALSE(decide_webhook_owner("acme", fenced, "192.0.2.1").may_read) << "the org's policy applies";
}

}  // namespace hub::auth

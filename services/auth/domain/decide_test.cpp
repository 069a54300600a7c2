#include "services/auth/domain/decide.hpp"

#include <gtest/gtest.h>

namespace hub::auth {

TEST(Decide, OwnershipOrgRolesVisibilityAndTokenReach) {
  RepoFacts pub{"acme", "bert", "model", false, false};
  RepoFacts priv{"acme", "bert", "model", true, false};
  CallerFacts anonymous;
  EXPECT_EQ(effective_role(pub, anonymous), Role::kRead);
  EXPECT_EQ(effective_role(priv, anonymous), Role::kNone);

  CallerFacts contributor{
      .authenticated = true, .org_role = MemberRole::kContributor, .token_role = "write", .scoped_json = "[]"};
  EXPECT_EQ(effective_role(priv, contributor), Role::kRead);
  RepoFacts own_priv = priv;
  own_priv.creator_is_caller = true;
  EXPECT_EQ(effective_role(own_priv, contributor), Role::kWrite);

  CallerFacts admin_with_read_token{
      .authenticated = true, .org_role = MemberRole::kAdmin, .token_role = "read", .scoped_json = "[]"};
  EXPECT_EQ(effective_role(priv, admin_with_read_token), Role::kRead);

  CallerFacts scoped_elsewhere{
      .authenticated = true,
      .org_role = MemberRole::kWrite,
      .token_role = "fineGrained",
      .scoped_json = R"([{"entity":{"type":"model","name":"other/repo"},"permissions":["repo.write"]}])"};
  EXPECT_EQ(effective_role(priv, scoped_elsewhere), Role::kNone);
  EXPECT_EQ(effective_role(pub, scoped_elsewhere), Role::kRead);
  CallerFacts scoped_org{.authenticated = true,
                         .org_role = MemberRole::kWrite,
                         .token_role = "fineGrained",
                         .scoped_json = R"([{"entity":{"type":"org","name":"ACME"},"permissions":["repo.write"]}])"};
  EXPECT_EQ(effective_role(priv, scoped_org), Role::kWrite);

  // A private repo in a group: its members and the org's admins only.
  RepoFacts grouped{"acme", "vision", "model", true, false, true};
  CallerFacts org_writer{.authenticated = true, .org_role = MemberRole::kWrite, .token_role = "write"};
  EXPECT_EQ(effective_role(grouped, org_writer), Role::kNone);
  CallerFacts member{
      .authenticated = true, .org_role = MemberRole::kRead, .group_role = MemberRole::kWrite, .token_role = "write"};
  EXPECT_EQ(effective_role(grouped, member), Role::kWrite);
  CallerFacts org_admin{.authenticated = true, .org_role = MemberRole::kAdmin, .token_role = "write"};
  EXPECT_EQ(effective_role(grouped, org_admin), Role::kAdmin);
}

}  // namespace hub::auth

namespace hub::auth {

TEST(Decide, ScopedGrantTakesTheStrongestMatchingEntryAndSkipsMalformedOnes) {
  auto org_acme = [](std::string_view type, std::string_view name) { return type == "org" && name == "acme"; };
  EXPECT_EQ(scoped_grant(R"([{"entity":{"type":"org","name":"acme"},"permissions":["repo.content.read"]},
                             {"entity":{"type":"org","name":"acme"},"permissions":["repo.write"]}])",
                         org_acme),
            Role::kWrite);
  EXPECT_EQ(scoped_grant(R"([{"entity":{"type":"org","name":"acme"},"permissions":["repo.content.read"]}])", org_acme),
            Role::kRead);
  EXPECT_EQ(scoped_grant(R"([{"entity":{"type":"org","name":"other"},"permissions":["repo.write"]}])", org_acme),
            Role::kNone);
  // Shapes a stored scope never has, skipped rather than trusted or crashed on.
  EXPECT_EQ(scoped_grant(R"([{"entity":{"type":"org","name":"acme"},"permissions":"repo.write"},
                             {"entity":"org","permissions":["repo.write"]},
                             {"entity":{"type":"org","name":7},"permissions":["repo.write"]},
                             "repo.write", 3])",
                         org_acme),
            Role::kNone);
  EXPECT_EQ(scoped_grant("not json", org_acme), Role::kNone);
  EXPECT_EQ(scoped_grant(R"({"entity":{}})", org_acme), Role::kNone);
}

}  // namespace hub::auth

namespace hub::auth {

TEST(Decide, ScopeDecisionsReadTheRepoAtItsOwnPlaceAndReportPoliciesToMembersOnly) {
  ScopeKey old_path{"model", "old-owner", "bert"};
  ScopeFacts moved;
  moved.repo_found = true;
  moved.repo_id = "r1";
  moved.repo_namespace = "ada";  // moved to ada's namespace
  moved.repo_name = "bert";
  moved.repo_private = true;
  CallerToken ada{"u1", "ada", "session", "write", "[]"};
  const ScopeDecision owner = decide_scope(old_path, ada, moved);
  EXPECT_EQ(owner.role, Role::kAdmin);
  EXPECT_EQ(owner.repo_id, "r1");
  const ScopeDecision anonymous = decide_scope(old_path, std::nullopt, moved);
  EXPECT_EQ(anonymous.role, Role::kNone);
  EXPECT_TRUE(anonymous.repo_id.empty());

  ScopeFacts org;
  org.org_member = true;
  org.org_role = "read";
  org.policy.require_fine_grained_tokens = true;
  const ScopeDecision org_scope = decide_scope(ScopeKey{"", "acme", ""}, ada, org);
  EXPECT_TRUE(org_scope.member);
  EXPECT_EQ(org_scope.role, Role::kNone);
  ASSERT_TRUE(org_scope.policy);
  org.org_member = false;
  org.org_role.clear();
  EXPECT_FALSE(decide_scope(ScopeKey{"", "acme", ""}, ada, org).policy);
}

TEST(Decide, ACreatorContributesToItsOwnRepoAndReadTokensOnlyRead) {
  ScopeFacts facts;
  facts.repo_found = true;
  facts.repo_id = "r1";
  facts.repo_namespace = "acme";
  facts.repo_name = "bert";
  facts.repo_private = true;
  facts.org_member = true;
  facts.org_role = "contributor";
  facts.repo_creator_id = "u1";
  const ScopeKey key{"model", "acme", "bert"};
  EXPECT_EQ(decide_scope(key, CallerToken{"u1", "ada", "access", "write", "[]"}, facts).role, Role::kWrite);
  EXPECT_EQ(decide_scope(key, CallerToken{"u1", "ada", "access", "read", "[]"}, facts).role, Role::kRead);
  EXPECT_EQ(decide_scope(key, CallerToken{"u2", "bob", "session", "read", "[]"}, facts).role, Role::kRead);
}

}  // namespace hub::auth

namespace hub::auth {

// Writing to discussions: any signed-in reader with a credential that writes; a read token never;
// a fine-grained token only with discussion.write for the repo or its org (repo.write alone does
// not do it); nobody on a repo they cannot read.
TEST(Decide, DiscussionWritesNeedAReaderAndACredentialThatAllowsThem) {
  RepoFacts pub{"acme", "bert", "model", false, false};
  RepoFacts priv{"acme", "bert", "model", true, false};
  CallerFacts anonymous;
  EXPECT_FALSE(may_write_discussions(pub, anonymous, effective_role(pub, anonymous)));
  CallerFacts outsider{.authenticated = true, .token_role = "write", .scoped_json = "[]"};
  EXPECT_TRUE(may_write_discussions(pub, outsider, effective_role(pub, outsider)));
  EXPECT_FALSE(may_write_discussions(priv, outsider, effective_role(priv, outsider)));
  CallerFacts read_token{.authenticated = true, .org_role = MemberRole::kAdmin, .token_role = "read"};
  EXPECT_FALSE(may_write_discussions(pub, read_token, effective_role(pub, read_token)));
  auto fine = [](const std::string& scoped) {
    return CallerFacts{
        .authenticated = true, .org_role = MemberRole::kWrite, .token_role = "fineGrained", .scoped_json = scoped};
  };
  const CallerFacts discuss_org =
      fine(R"([{"entity":{"type":"org","name":"acme"},"permissions":["discussion.write"]}])");
  EXPECT_FALSE(may_write_discussions(priv, discuss_org, effective_role(priv, discuss_org)))
      << "discussion.write alone does not make a private repo readable";
  const CallerFacts read_and_discuss = fine(
      R"([{"entity":{"type":"model","name":"acme/bert"},"permissions":["repo.content.read","discussion.write"]}])");
  EXPECT_TRUE(may_write_discussions(priv, read_and_discuss, effective_role(priv, read_and_discuss)));
  EXPECT_TRUE(may_write_discussions(pub, discuss_org, effective_role(pub, discuss_org)));
  const CallerFacts repo_write_only = fine(R"([{"entity":{"type":"org","name":"acme"},"permissions":["repo.write"]}])");
  EXPECT_FALSE(may_write_discussions(pub, repo_write_only, effective_role(pub, repo_write_only)));
  const CallerFacts elsewhere =
      fine(R"([{"entity":{"type":"model","name":"acme/other"},"permissions":["discussion.write"]}])");
  EXPECT_FALSE(may_write_discussions(pub, elsewhere, effective_role(pub, elsewhere)));
}

}  // namespace hub::auth

#include "services/gateway/route_table.hpp"

#include <gtest/gtest.h>

#include "common/http/router.hpp"

namespace hub::gateway {
namespace {

struct Resolved {
  std::string service;
  http::RouteClass route_class;
  std::uint64_t max_body;
};

// The table as the gateway matches it.
const http::Router<const RouteEntry*>& table_router() {
  static const auto router = [] {
    http::Router<const RouteEntry*> r;
    for (const auto& e : route_table())
      r.add("*", e.pattern, &e);
    return r;
  }();
  return router;
}

std::optional<Resolved> resolve(std::string_view path) {
  auto m = table_router().match("GET", path);
  if (!m.value) return std::nullopt;
  return Resolved{std::string((*m.value)->service), (*m.value)->route_class, (*m.value)->max_body};
}

// docs/conventions.md, "Which service answers which path", one example per row and per sub-path.
TEST(RouteTable, EveryDocumentedPathReachesItsService) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/api/signup", "auth"},
      {"/api/login", "auth"},
      {"/api/logout", "auth"},
      {"/api/whoami-v2", "auth"},
      {"/api/settings/tokens", "auth"},
      {"/api/settings/tokens/abc", "auth"},
      {"/api/credentials/revoke", "auth"},
      {"/api/organizations", "auth"},
      {"/api/organizations/acme", "auth"},
      {"/api/organizations/acme/members", "auth"},
      {"/api/organizations/acme/members/bob/role", "auth"},
      {"/api/organizations/acme/resource-groups", "auth"},
      {"/api/organizations/acme/resource-groups/7/users", "auth"},
      {"/api/organizations/acme/settings/security", "auth"},
      {"/api/organizations/acme/audit-log", "auth"},
      {"/api/repos/create", "repos"},
      {"/api/repos/delete", "repos"},
      {"/api/repos/move", "repos"},
      {"/api/models", "repos"},
      {"/api/datasets", "repos"},
      {"/api/spaces", "repos"},
      {"/api/models/acme/bert", "repos"},
      {"/api/models/acme/bert/revision/HEAD", "repos"},
      {"/api/datasets/acme/squad/tree/main/data", "repos"},
      {"/api/models/acme/bert/paths-info/main", "repos"},
      {"/api/models/acme/bert/commits/main", "repos"},
      {"/api/models/acme/bert/refs", "repos"},
      {"/api/models/acme/bert/branch/dev", "repos"},
      {"/api/models/acme/bert/tag/v1", "repos"},
      {"/api/models/acme/bert/preupload/main", "repos"},
      {"/api/models/acme/bert/commit/main", "repos"},
      {"/api/models/acme/bert/settings", "repos"},
      {"/api/models/acme/bert/settings/protection", "repos"},
      {"/api/models/acme/bert/statuses/0123abcd", "repos"},
      {"/api/validate-yaml", "repos"},
      {"/acme/bert/resolve/main/config.json", "repos"},
      {"/acme/bert/raw/main/config.json", "repos"},
      {"/datasets/acme/squad/resolve/main/train.csv", "repos"},
      {"/spaces/acme/demo/raw/main/app.py", "repos"},
      {"/acme/bert.git/info/refs", "repos"},
      {"/datasets/acme/squad.git/git-upload-pack", "repos"},
      {"/acme/bert.git/info/lfs/objects/batch", "repos"},
      {"/api/models/acme/bert/discussions", "discussions"},
      {"/api/models/acme/bert/discussions/4", "discussions"},
      {"/api/models/acme/bert/discussions/4/comment", "discussions"},
      {"/api/models/acme/bert/discussions/4/comment/abc/edit", "discussions"},
      {"/api/models/acme/bert/discussions/4/status", "discussions"},
      {"/api/models/acme/bert/discussions/4/title", "discussions"},
      {"/api/models/acme/bert/discussions/4/pin", "discussions"},
      {"/api/models/acme/bert/discussions/4/lock", "discussions"},
      {"/api/models/acme/bert/discussions/4/files", "pulls"},
      {"/api/models/acme/bert/discussions/4/diff", "pulls"},
      {"/api/models/acme/bert/discussions/4/reviews", "pulls"},
      {"/api/models/acme/bert/discussions/4/reviewers", "pulls"},
      {"/api/models/acme/bert/discussions/4/mergeability", "pulls"},
      {"/api/models/acme/bert/discussions/4/merge", "pulls"},
      {"/api/models/acme/bert/bugs", "bugs"},
      {"/api/models/acme/bert/bugs/9", "bugs"},
      {"/api/models/acme/bert/bugs/9/comments", "bugs"},
      {"/api/models/acme/bert/labels", "bugs"},
      {"/api/models/acme/bert/settings/bug-template", "bugs"},
      {"/api/models/acme/bert/labels/gpu", "bugs"},
      {"/api/models/acme/bert/bugs/9/timeline", "bugs"},
      {"/api/models/acme/bert/revision/v1.0/known-bugs", "bugs"},
      {"/api/datasets/acme/squad/revision/main/known-bugs", "bugs"},
      {"/api/models/acme/bert/revision/refs%2Fpr%2F3/known-bugs", "bugs"},
      {"/api/models/acme/bert/revision/refs/heads/feature/known-bugs", "bugs"},
      {"/api/models/acme/bert/revision/0123456789abcdef0123456789abcdef01234567/known-bugs", "bugs"},
      {"/api/models/acme/bert/revision/known-bugs", "repos"},
      {"/api/models/acme/bert/revision/main/known-bugs/x", "repos"},
      {"/api/notifications", "notifications"},
      {"/api/notifications/read", "notifications"},
      {"/api/notifications/abc/done", "notifications"},
      {"/api/notifications/stream", "notifications"},
      {"/api/notifications/ws", "notifications"},
      {"/api/notifications/stream-ticket", "notifications"},
      {"/api/models/acme/bert/subscription", "notifications"},
      {"/api/datasets/acme/squad/subscription", "notifications"},
      {"/api/organizations/acme/subscription", "notifications"},
      {"/api/settings/webhooks", "notifications"},
      {"/api/settings/webhooks/abc/deliveries", "notifications"},
      {"/api/organizations/acme/settings/webhooks", "notifications"},
      {"/api/organizations/acme/settings/webhooks/abc/test", "notifications"},
  };
  for (const auto& [path, service] : cases) {
    auto r = resolve(path);
    ASSERT_TRUE(r.has_value()) << path << " is not routed";
    EXPECT_EQ(r->service, service) << path;
  }
}

TEST(RouteTable, WhatChangesTheRegistryOfReposIsFlagged) {
  auto flagged = [](std::string_view path) {
    auto m = table_router().match("PUT", path);
    return m.value && (*m.value)->changes_registry;
  };
  EXPECT_TRUE(flagged("/api/repos/create"));
  EXPECT_TRUE(flagged("/api/repos/move"));
  EXPECT_TRUE(flagged("/api/repos/delete"));
  EXPECT_TRUE(flagged("/api/models/acme/bert/settings"));
  EXPECT_TRUE(flagged("/api/datasets/acme/data/settings"));
  EXPECT_FALSE(flagged("/api/repos/anything-else"));
  EXPECT_FALSE(flagged("/api/models/acme/bert/branch/dev"));
  EXPECT_FALSE(flagged("/api/models/acme/bert/settings/bug-template"));
  EXPECT_EQ(resolve("/api/repos/create")->service, "repos");
  EXPECT_EQ(resolve("/api/models/acme/bert/settings")->service, "repos");
}

TEST(RouteTable, TransferAndStreamClasses) {
  EXPECT_EQ(resolve("/acme/bert/resolve/main/model.safetensors")->route_class, http::RouteClass::kTransfer);
  EXPECT_EQ(resolve("/acme/bert.git/git-receive-pack")->route_class, http::RouteClass::kTransfer);
  EXPECT_EQ(resolve("/api/models/acme/bert/commit/main")->route_class, http::RouteClass::kTransfer);
  EXPECT_EQ(resolve("/api/notifications/stream")->route_class, http::RouteClass::kStream);
  EXPECT_EQ(resolve("/api/models/acme/bert")->route_class, http::RouteClass::kApi);
}

// A batch question with Content-Length: 100 MiB is refused by the gateway at once, instead of being
// let through by the git catch-all and waited for.
TEST(RouteTable, LfsBatchAndVerifyHaveSmallBodyLimits) {
  for (const std::string base : {"/acme/bert.git", "/acme/bert", "/datasets/acme/squad.git", "/spaces/acme/demo"}) {
    EXPECT_EQ(resolve(base + "/info/lfs/objects/batch")->max_body, 4U << 20) << base;
    EXPECT_EQ(resolve(base + "/info/lfs/objects/verify")->max_body, 1U << 20) << base;
    EXPECT_EQ(resolve(base + "/info/lfs/objects/batch")->service, "repos") << base;
  }
  EXPECT_GT(resolve("/acme/bert.git/git-receive-pack")->max_body, 1ULL << 30) << "pushes stay unbounded here";
}

// Watching an org goes to notifications, ahead of auth's org routes, and is decided about the org
// (the gateway authenticates the caller for it); the org itself stays auth's.
TEST(RouteTable, OrgSubscriptionsAreTheInboxs) {
  EXPECT_EQ(resolve("/api/organizations/acme/subscription")->service, "notifications");
  EXPECT_EQ(resolve("/api/organizations/acme")->service, "auth");
  EXPECT_EQ(resolve("/api/organizations/acme/members")->service, "auth");
  auto m = table_router().match("PUT", "/api/organizations/acme/subscription");
  ASSERT_TRUE(m.value);
  EXPECT_EQ(scope_of(**m.value), RouteScope::kOrg);
  auto repo = table_router().match("PUT", "/api/models/acme/bert/subscription");
  ASSERT_TRUE(repo.value);
  EXPECT_EQ(scope_of(**repo.value), RouteScope::kRepo);
}

TEST(RouteTable, UnknownPathsAreNotRouted) {
  EXPECT_FALSE(resolve("/"));
  EXPECT_FALSE(resolve("/api"));
  EXPECT_FALSE(resolve("/api/unknown-thing"));
  EXPECT_FALSE(resolve("/internal/repos/register")) << "internal endpoints are never routed";
  EXPECT_FALSE(resolve("/acme/bert"));
}

TEST(RouteTable, ServicesAreTheSixOfTheArchitecture) {
  auto s = routed_services();
  std::sort(s.begin(), s.end());
  EXPECT_EQ(s, (std::vector<std::string_view>{"auth", "bugs", "discussions", "notifications", "pulls", "repos"}));
}

}  // namespace
}  // namespace hub::gateway

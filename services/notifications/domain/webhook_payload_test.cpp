#include "services/notifications/domain/webhook_payload.hpp"

#include <gtest/gtest.h>

#include "common/events/catalog.hpp"
#include "common/json/json.hpp"

namespace hub::notifications {
namespace {

constexpr const char* kRepoId = "6f1c2e4a-1b2c-4d3e-8f90-a1b2c3d4e5f6";
constexpr const char* kActorId = "0b9e8d7c-6a5b-4c3d-9e2f-1a2b3c4d5e6f";

template <class Event>
events::Envelope envelope_of(const Event& e, const std::string& type = "model", const std::string& name = "acme/bert") {
  events::Envelope env = events::make_event(e);
  env.repo = events::RepoRef{kRepoId, type, name};
  env.actor = events::Actor{kActorId, "alice"};
  return env;
}

PayloadFacts facts(bool is_private = false) {
  return PayloadFacts{"hook-1", is_private, "owner-id", "new-owner-id", "https://hub.example.com"};
}

json::Document payload_of(const events::Envelope& e, const PayloadFacts& f = facts()) {
  const auto what = webhook_event_of(e);
  EXPECT_TRUE(what) << e.type;
  auto doc = json::parse_object(build_payload(e, *what, f));
  EXPECT_TRUE(doc);
  return std::move(doc).value();
}

std::string str(const json::Value& v) {
  return v.IsString() ? std::string(v.GetString()) : "<not a string>";
}

events::DiscussionFacts thread() {
  return events::DiscussionFacts{std::string(kRepoId) + "/7",
                                 7,
                                 "Fix the tokenizer",
                                 "open",
                                 false,
                                 kActorId,
                                 "alice",
                                 "https://hub.example.com/acme/bert/discussions/7",
                                 "https://hub.example.com/api/models/acme/bert/discussions/7",
                                 "",
                                 ""};
}

TEST(WebhookPayload, EachEventTypeHasItsScopeAndAction) {
  struct Row {
    events::Envelope e;
    const char* scope;
    const char* action;
  };
  const Row rows[] = {
      {envelope_of(events::RepoCreated{}), "repo", "create"},
      {envelope_of(events::RepoDeleted{}), "repo", "delete"},
      {envelope_of(events::RepoMoved{false, "", "acme/old", {}}), "repo", "move"},
      {envelope_of(events::RepoConfigChanged{true, std::nullopt, std::nullopt, std::nullopt}), "repo.config", "update"},
      {envelope_of(events::RepoContent{}), "repo.content", "update"},
      {envelope_of(events::RepoStatus{}), "status", "create"},
      {envelope_of(events::DiscussionCreated{thread(), {}}), "discussion", "create"},
      {envelope_of(events::DiscussionUpdated{thread(), "open", {}, {}, {}}), "discussion", "update"},
      {envelope_of(events::DiscussionCommentCreated{thread(), {}, {}}), "discussion.comment", "create"},
      {envelope_of(events::DiscussionCommentUpdated{thread(), {}, {}}), "discussion.comment", "update"},
      {envelope_of(events::PullReviewSubmitted{}), "pull_request.review", "create"},
      {envelope_of(events::PullReviewCommentCreated{}), "pull_request.review", "create"},
      {envelope_of(events::PullReviewRequested{}), "pull_request.review", "update"},
      {envelope_of(events::BugCreated{}), "bug", "create"},
      {envelope_of(events::BugUpdated{}), "bug", "update"},
      {envelope_of(events::BugCommentCreated{}), "bug.comment", "create"},
      {envelope_of(events::BugLabelChanged{.action = "created"}), "bug.label", "create"},
      {envelope_of(events::BugLabelChanged{.action = "updated"}), "bug.label", "update"},
      {envelope_of(events::BugLabelChanged{.action = "deleted"}), "bug.label", "delete"},
      {envelope_of(events::BugTemplateUpdated{}), "bug.template", "update"},
  };
  for (const auto& r : rows) {
    const auto what = webhook_event_of(r.e);
    ASSERT_TRUE(what) << r.e.type;
    EXPECT_EQ(what->scope, r.scope) << r.e.type;
    EXPECT_EQ(what->action, r.action) << r.e.type;
  }
  // Said by another event already (repo.config, the thread's discussion.updated), or not for hooks.
  EXPECT_FALSE(webhook_event_of(envelope_of(events::RepoUpdated{})));
  EXPECT_FALSE(webhook_event_of(envelope_of(events::PullMerged{})));
  EXPECT_FALSE(webhook_event_of(envelope_of(events::RepoAccessRequest{})));
  events::Envelope unknown = envelope_of(events::RepoCreated{});
  unknown.type = "model.exploded";
  EXPECT_FALSE(webhook_event_of(unknown)) << "a type this service does not know";
  EXPECT_FALSE(webhook_event_of(envelope_of(events::OrgMemberRemoved{})))
      << "an org's membership is no hook's business";
  events::Envelope no_repo = envelope_of(events::RepoCreated{});
  no_repo.repo.reset();
  EXPECT_FALSE(webhook_event_of(no_repo));
}

TEST(WebhookPayload, TheRepoAsTheHubShowsIt) {
  const auto p = payload_of(envelope_of(events::RepoCreated{true, kActorId}, "dataset", "acme/squad"), facts(true));
  EXPECT_EQ(str(p["event"]["action"]), "create");
  EXPECT_EQ(str(p["event"]["scope"]), "repo");
  EXPECT_EQ(str(p["repo"]["type"]), "dataset");
  EXPECT_EQ(str(p["repo"]["name"]), "acme/squad");
  EXPECT_EQ(str(p["repo"]["id"]), kRepoId);
  EXPECT_TRUE(p["repo"]["private"].GetBool()) << "what auth says now, passed in";
  EXPECT_EQ(str(p["repo"]["url"]["web"]), "https://hub.example.com/datasets/acme/squad");
  EXPECT_EQ(str(p["repo"]["url"]["api"]), "https://hub.example.com/api/datasets/acme/squad");
  EXPECT_EQ(str(p["repo"]["owner"]["id"]), "owner-id");
  EXPECT_FALSE(p["repo"].HasMember("headSha"));
  EXPECT_EQ(str(p["webhook"]["id"]), "hook-1");
  EXPECT_EQ(p["webhook"]["version"].GetInt(), 3);
}

TEST(WebhookPayload, ContentCarriesTheRefsAndMainsHead) {
  const std::string sha(40, 'a');
  const auto p =
      payload_of(envelope_of(events::RepoContent{{{"refs/heads/main", "", sha}, {"refs/tags/v1", sha, ""}}}));
  EXPECT_EQ(str(p["repo"]["headSha"]), sha);
  ASSERT_EQ(p["updatedRefs"].Size(), 2u);
  EXPECT_EQ(str(p["updatedRefs"][0]["ref"]), "refs/heads/main");
  EXPECT_TRUE(p["updatedRefs"][0]["oldSha"].IsNull());
  EXPECT_TRUE(p["updatedRefs"][1]["newSha"].IsNull());
  const auto branch = payload_of(envelope_of(events::RepoContent{{{"refs/heads/dev", "", sha}}}));
  EXPECT_FALSE(branch["repo"].HasMember("headSha")) << "main did not move";
}

TEST(WebhookPayload, ConfigMoveAndStatus) {
  const auto config =
      payload_of(envelope_of(events::RepoConfigChanged{true, std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_TRUE(config["updatedConfig"]["private"].GetBool());
  const auto moved = payload_of(envelope_of(events::RepoMoved{false, "", "acme/old-bert", {}}, "model", "beta/bert"));
  EXPECT_EQ(str(moved["repo"]["name"]), "acme/old-bert") << "shown where it was";
  EXPECT_EQ(str(moved["movedTo"]["name"]), "beta/bert");
  EXPECT_EQ(str(moved["movedTo"]["owner"]["id"]), "new-owner-id");
  const auto status = payload_of(envelope_of(events::RepoStatus{std::string(40, 'b'), "ci/eval", "success"}));
  EXPECT_EQ(str(status["status"]["context"]), "ci/eval");
  EXPECT_EQ(str(status["status"]["state"]), "success");
}

TEST(WebhookPayload, BugReportsCarryTheReportAndWhatChanged) {
  events::BugFacts bug;
  bug.id = std::string(kRepoId) + "/9";
  bug.num = 9;
  bug.title = "NaN logits";
  bug.status = "resolved";
  bug.severity = "high";
  bug.author = events::Actor{kActorId, "alice"};
  bug.fixed_in = std::string(40, 'c');
  bug.url_web = "https://hub.example.com/acme/bert/bugs/9";
  const auto p = payload_of(envelope_of(events::BugUpdated{
      .bug = bug, .status = events::StatusChange{"open", "resolved"}, .fixed_by_pull = 4, .old_fixed_in = ""}));
  EXPECT_EQ(str(p["event"]["scope"]), "bug");
  EXPECT_EQ(p["bug"]["num"].GetInt(), 9);
  EXPECT_EQ(str(p["bug"]["fixedIn"]), std::string(40, 'c'));
  EXPECT_EQ(str(p["bug"]["changes"]["status"]["to"]), "resolved");
  EXPECT_EQ(p["bug"]["changes"]["fixedByPullRequest"].GetInt(), 4);
  EXPECT_TRUE(p["bug"]["changes"]["oldFixedIn"].IsNull());

  events::CommentFacts hidden{"c1", kActorId, "alice", true, std::nullopt, bug.url_web + "#c1"};
  const auto c = payload_of(envelope_of(events::BugCommentCreated{bug, hidden, {}}));
  EXPECT_EQ(str(c["event"]["scope"]), "bug.comment");
  EXPECT_FALSE(c["bug"].HasMember("changes"));
  EXPECT_TRUE(c["comment"]["hidden"].GetBool());
  EXPECT_FALSE(c["comment"].HasMember("content"));

  const auto l = payload_of(envelope_of(events::BugLabelChanged{"deleted", "oom", "#ff0000", "", {}, 3}));
  EXPECT_EQ(str(l["event"]["action"]), "delete");
  EXPECT_EQ(str(l["label"]["name"]), "oom");
  EXPECT_EQ(l["label"]["reports"].GetInt(), 3);
}

TEST(WebhookPayload, DiscussionsAndComments) {
  events::CommentFacts comment{"c1",  kActorId,     "alice",
                               false, "Looks good", "https://hub.example.com/acme/bert/discussions/7#c1"};
  const auto p = payload_of(envelope_of(events::DiscussionCommentCreated{thread(), comment, {}}));
  EXPECT_EQ(str(p["event"]["scope"]), "discussion.comment");
  EXPECT_EQ(str(p["discussion"]["id"]), std::string(kRepoId) + "/7");
  EXPECT_EQ(p["discussion"]["num"].GetInt(), 7);
  EXPECT_EQ(str(p["discussion"]["title"]), "Fix the tokenizer");
  EXPECT_EQ(str(p["discussion"]["status"]), "open");
  EXPECT_FALSE(p["discussion"]["isPullRequest"].GetBool());
  EXPECT_EQ(str(p["discussion"]["author"]["id"]), kActorId);
  EXPECT_EQ(str(p["discussion"]["url"]["web"]), "https://hub.example.com/acme/bert/discussions/7");
  EXPECT_EQ(str(p["comment"]["id"]), "c1");
  EXPECT_EQ(str(p["comment"]["author"]["id"]), kActorId);
  EXPECT_FALSE(p["comment"]["hidden"].GetBool());
  EXPECT_EQ(str(p["comment"]["content"]), "Looks good");
  EXPECT_EQ(str(p["comment"]["url"]["web"]), "https://hub.example.com/acme/bert/discussions/7#c1");

  comment.hidden = true;  // even if an event carried the content, a hidden comment's is not sent
  const auto hidden = payload_of(envelope_of(events::DiscussionCommentUpdated{thread(), comment, {}}));
  EXPECT_TRUE(hidden["comment"]["hidden"].GetBool());
  EXPECT_FALSE(hidden["comment"].HasMember("content"));

  auto merged = thread();
  merged.is_pull_request = true;
  merged.status = "merged";
  merged.base = "refs/heads/main";
  merged.merge_commit_id = std::string(40, 'c');
  const auto pr = payload_of(envelope_of(events::DiscussionUpdated{merged, "open", {}, {}, {}}));
  EXPECT_TRUE(pr["discussion"]["isPullRequest"].GetBool());
  EXPECT_EQ(str(pr["discussion"]["status"]), "merged");
  EXPECT_EQ(str(pr["discussion"]["changes"]["base"]), "refs/heads/main");
  EXPECT_EQ(str(pr["discussion"]["changes"]["mergeCommitId"]), std::string(40, 'c'));
}

TEST(WebhookPayload, ReviewsInOurScope) {
  const events::PullFacts pull{std::string(kRepoId) + "/7",
                               7,
                               kActorId,
                               "alice",
                               "https://hub.example.com/acme/bert/discussions/7",
                               "https://hub.example.com/api/models/acme/bert/discussions/7",
                               "refs/heads/main"};
  const auto review =
      payload_of(envelope_of(events::PullReviewSubmitted{pull, "r1", "approve", std::string(40, 'd'), "LGTM", 2, {}}));
  EXPECT_EQ(str(review["pullRequest"]["base"]), "refs/heads/main");
  EXPECT_EQ(str(review["review"]["state"]), "approve");
  EXPECT_EQ(str(review["review"]["author"]["id"]), kActorId);
  EXPECT_EQ(review["review"]["comments"].GetInt(), 2);
  const auto asked = payload_of(envelope_of(
      events::PullReviewRequested{pull, {"bob"}, {events::RequestedGroup{"acme/vision", {"carol", "dan"}}}}));
  EXPECT_EQ(str(asked["reviewRequest"]["users"][0]), "bob");
  EXPECT_EQ(str(asked["reviewRequest"]["groups"][0]), "acme/vision");
  EXPECT_TRUE(asked["reviewRequest"]["groups"][0].IsString()) << "a group's members are not the receiver's to learn";
  const auto reply =
      payload_of(envelope_of(events::PullReviewCommentCreated{pull, "c9", "c1", "bob", "config.json", "Why 0.1?", {}}));
  EXPECT_EQ(str(reply["comment"]["content"]), "Why 0.1?");
  EXPECT_EQ(str(reply["comment"]["replyTo"]), "c1");
}

TEST(WebhookPayload, WatchingNamespacesOfAMoveAreBoth) {
  EXPECT_EQ(watching_namespaces(envelope_of(events::RepoCreated{}, "model", "ACME/bert")),
            (std::vector<std::string>{"acme"}));
  EXPECT_EQ(watching_namespaces(envelope_of(events::RepoMoved{false, "", "Old/bert", {}}, "model", "new/bert")),
            (std::vector<std::string>{"new", "old"}));
}

TEST(WebhookPayload, APing) {
  auto p = json::parse_object(build_ping("hook-1"));
  ASSERT_TRUE(p);
  EXPECT_EQ(str(p.value()["event"]["action"]), "ping");
  EXPECT_EQ(str(p.value()["webhook"]["id"]), "hook-1");
  EXPECT_EQ(p.value()["webhook"]["version"].GetInt(), 3);
}

}  // namespace
}  // namespace hub::notifications

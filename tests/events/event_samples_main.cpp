// Prints one envelope per event type of common/events/catalog.hpp, as producers write them (every
// optional field set, and again with none), one JSON document per line, for check_schemas.py to
// validate against schemas/events/. A new event type is added here with its schema.
#include <iostream>

#include "common/events/catalog.hpp"

namespace {

using namespace hub::events;  // NOLINT(google-build-using-namespace)

template <class Event>
void print(const Event& e) {
  Envelope envelope = make_event(e);
  envelope.repo = RepoRef{"6f1c2e4a-1b2c-4d3e-8f90-a1b2c3d4e5f6", "model", "acme/bert"};
  envelope.actor = Actor{"0b9e8d7c-6a5b-4c3d-9e2f-1a2b3c4d5e6f", "alice"};
  std::cout << envelope.to_json() << "\n";
}

const Audit kAudit{"repo.visibility.update", "acme/bert", "203.0.113.9", R"({"private":true})"};

}  // namespace

int main() {
  print(RepoCreated{true, "0b9e8d7c-6a5b-4c3d-9e2f-1a2b3c4d5e6f"});
  print(RepoCreated{false, ""});
  print(RepoUpdated{true, "0b9e8d7c-6a5b-4c3d-9e2f-1a2b3c4d5e6f", kAudit});
  print(RepoUpdated{false, "", std::nullopt});
  print(RepoMoved{false, "", "acme/old-bert", Audit{"repo.move", "acme/old-bert", std::nullopt, ""}});
  print(RepoDeleted{Audit{"repo.delete", "acme/bert", std::nullopt, ""}});
  print(RepoContent{{{"refs/heads/main", "", "0123456789abcdef0123456789abcdef01234567"},
                     {"refs/tags/v1", "0123456789abcdef0123456789abcdef01234567", ""}}});
  print(RepoConfigChanged{true, "manual", R"({"rules":[{"pattern":"main"}]})",
                          Audit{"repo.gating.update", std::nullopt, std::nullopt, R"({"gated":"manual"})"}});
  print(RepoConfigChanged{std::nullopt, "false", std::nullopt, std::nullopt});
  print(RepoAccessRequest{
      "bob", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "pending",
      Audit{"repo.access_request.create", "acme/bert", std::nullopt, R"({"user":"bob","status":"pending"})"}});
  print(RepoStatus{"0123456789abcdef0123456789abcdef01234567", "ci/eval", "success"});
  const DiscussionFacts thread{"6f1c2e4a-1b2c-4d3e-8f90-a1b2c3d4e5f6/7",
                               7,
                               "Fix the tokenizer",
                               "open",
                               false,
                               "0b9e8d7c-6a5b-4c3d-9e2f-1a2b3c4d5e6f",
                               "alice",
                               "https://hub.example.com/acme/bert/discussions/7",
                               "https://hub.example.com/api/models/acme/bert/discussions/7",
                               "",
                               ""};
  DiscussionFacts merged = thread;
  merged.is_pull_request = true;
  merged.status = "merged";
  merged.base = "refs/heads/main";
  merged.merge_commit_id = "0123456789abcdef0123456789abcdef01234567";
  DiscussionFacts anonymous_author = thread;
  anonymous_author.author_id.clear();
  print(DiscussionCreated{thread, {{"bob", ""}, {"acme", "reviewers"}}});
  print(DiscussionCreated{anonymous_author, {}});
  print(DiscussionUpdated{merged, "open", "Old title", true, true});
  print(DiscussionUpdated{thread, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
  const CommentFacts comment{"3f2a9c1e8b7d4e6fa1b2c3d4e5f60718",
                             "0b9e8d7c-6a5b-4c3d-9e2f-1a2b3c4d5e6f",
                             "alice",
                             false,
                             "Looks good @bob",
                             "https://hub.example.com/acme/bert/discussions/7#3f2a9c1e"};
  CommentFacts hidden = comment;
  hidden.hidden = true;
  hidden.content.reset();
  print(DiscussionCommentCreated{thread, comment, {{"bob", ""}}});
  print(DiscussionCommentUpdated{merged, hidden, {}});
  const PullFacts pull{"6f1c2e4a-1b2c-4d3e-8f90-a1b2c3d4e5f6/7",
                       7,
                       "0b9e8d7c-6a5b-4c3d-9e2f-1a2b3c4d5e6f",
                       "alice",
                       "https://hub.example.com/acme/bert/discussions/7",
                       "https://hub.example.com/api/models/acme/bert/discussions/7",
                       "refs/heads/main"};
  const PullFacts unknown_author{
      "6f1c2e4a-1b2c-4d3e-8f90-a1b2c3d4e5f6/8", 8, "", "hub", "https://h/x", "https://h/y", "refs/heads/main"};
  const std::string sha = "0123456789abcdef0123456789abcdef01234567";
  print(
      PullReviewSubmitted{pull, "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "approve", sha, "LGTM @bob", 2, {{"bob", ""}}});
  print(
      PullReviewSubmitted{unknown_author, "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "comment", sha, std::nullopt, 0, {}});
  print(PullReviewRequested{pull, {"bob"}, {{"acme/reviewers", {"carol", "dave"}}}});
  print(PullReviewRequested{pull, {}, {}});
  print(PullReviewCommentCreated{pull,
                                 "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                                 "2c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                                 "bob",
                                 "config.json",
                                 "Why? @acme/reviewers",
                                 {{"acme", "reviewers"}}});
  print(PullMerged{pull,
                   sha,
                   sha,
                   sha,
                   "squash",
                   {3, 12},
                   Audit{"pull_request.merge", std::nullopt, "203.0.113.9", R"({"num":7})"},
                   "Ship it"});
  print(PullMerged{
      unknown_author, sha, sha, sha, "merge", {}, Audit{"pull_request.merge", std::nullopt, std::nullopt, ""}});
  const Actor bob{"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "bob"};
  const BugFacts bug{"6f1c2e4a-1b2c-4d3e-8f90-a1b2c3d4e5f6/9",
                     9,
                     "NaN loss on long inputs",
                     "open",
                     "high",
                     Actor{"0b9e8d7c-6a5b-4c3d-9e2f-1a2b3c4d5e6f", "alice"},
                     {bob},
                     {"regression", "gpu"},
                     sha,
                     "",
                     std::nullopt,
                     "https://hub.example.com/acme/bert/bugs/9",
                     "https://hub.example.com/api/models/acme/bert/bugs/9"};
  BugFacts resolved = bug;
  resolved.status = "resolved";
  resolved.fixed_in = sha;
  resolved.assignees.clear();
  resolved.labels.clear();
  resolved.author = Actor{"", "hub"};
  BugFacts duplicate = bug;
  duplicate.status = "duplicate";
  duplicate.duplicate_of = 3;
  duplicate.affected_revision.clear();
  print(BugCreated{bug, {{"bob", ""}, {"acme", "vision"}}});
  print(BugCreated{resolved, {}});
  BugUpdated everything{resolved, StatusChange{"in_progress", "resolved"},
                        7,        "Old title",
                        true,     "low",
                        {bob},    {bob},
                        {"gpu"},  {"regression"},
                        "",       {{"carol", ""}}};
  print(everything);
  print(BugUpdated{duplicate,
                   StatusChange{"open", "duplicate"},
                   std::nullopt,
                   std::nullopt,
                   false,
                   std::nullopt,
                   {},
                   {},
                   {},
                   {},
                   sha,
                   {}});
  print(
      BugUpdated{bug, std::nullopt, std::nullopt, std::nullopt, false, std::nullopt, {}, {}, {}, {}, std::nullopt, {}});
  print(BugCommentCreated{bug,
                          CommentFacts{"3f2a9c1e-8b7d-4e6f-a1b2-c3d4e5f60718", bob.id, bob.name, false,
                                       "Same on T4 @alice", "https://hub.example.com/acme/bert/bugs/9#3f2a9c1e"},
                          {{"alice", ""}}});
  print(BugLabelChanged{"created", "gpu", "#d73a4a", "GPU only", std::nullopt, 0});
  print(BugLabelChanged{"updated", "cuda", "#d73a4a", "", "gpu", 4});
  print(BugLabelChanged{"deleted", "cuda", "#d73a4a", "", std::nullopt, 4});
  print(BugTemplateUpdated{"[bug]", "medium", {"triage"}});
  print(BugTemplateUpdated{"", "low", {}});
  print(
      OrgMemberRemoved{"2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", "acme", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "bob"});
  return 0;
}

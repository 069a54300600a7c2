#pragma once
// One struct per event type, and the one serializer of their `data` (schemas/events/<type>.schema.json
// describes each; tests/events checks what this writes against those schemas). A producer fills a
// struct and never concatenates JSON by hand; a consumer reads the same field names.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/events/envelope.hpp"

namespace hub::events {

// What auth writes to the audit log for an event that carries it.
struct Audit {
  std::string action;  // e.g. repo.visibility.update
  std::optional<std::string> target;
  std::optional<std::string> source_address;
  std::string details_json;  // a JSON object, or "" for none
};

// The registry's facts, which auth's copy follows (repo.created, repo.updated, repo.moved).
struct RepoCreated {
  static constexpr std::string_view kType = "repo.created";
  bool is_private = false;
  std::string creator_id;  // "" when unknown
};

struct RepoUpdated {
  static constexpr std::string_view kType = "repo.updated";
  bool is_private = false;
  std::string creator_id;
  std::optional<Audit> audit;
};

struct RepoMoved {
  static constexpr std::string_view kType = "repo.moved";
  bool is_private = false;
  std::string creator_id;
  std::string moved_from;  // namespace/name before the move
  Audit audit;
};

struct RepoDeleted {
  static constexpr std::string_view kType = "repo.deleted";
  Audit audit;
};

struct RefUpdate {
  std::string ref;
  std::string old_sha;  // "": created
  std::string new_sha;  // "": deleted
};

struct RepoContent {
  static constexpr std::string_view kType = "repo.content";
  std::vector<RefUpdate> updated_refs;
};

struct RepoConfigChanged {
  static constexpr std::string_view kType = "repo.config";
  std::optional<bool> is_private;
  std::optional<std::string> gated;            // "false", "auto" or "manual"
  std::optional<std::string> protection_json;  // the protection document's rules object, {"rules":[…]}
  std::optional<Audit> audit;
};

struct RepoAccessRequest {
  static constexpr std::string_view kType = "repo.access_request";
  std::string user;  // name
  std::string user_id;
  std::string status;  // pending, accepted, rejected
  Audit audit;
};

struct RepoStatus {
  static constexpr std::string_view kType = "repo.status";
  std::string sha;
  std::string context;
  std::string state;
};

// A thread as webhook payloads show it (the Hub's v3 `discussion` object, docs/webhooks.md), with what
// notifications needs to find recipients without calling back.
struct DiscussionFacts {
  std::string id;  // "<repo id>/<num>": stable across a move of the repo
  std::int64_t num = 0;
  std::string title;
  std::string status;  // open, closed, merged, draft
  bool is_pull_request = false;
  std::string author_id;  // "" when unknown
  std::string author_name;
  std::string url_web;
  std::string url_api;
  std::string base;             // pull requests: the base branch ("" otherwise)
  std::string merge_commit_id;  // merged pull requests
};

// A mention in a comment or a description: a user, or an org's group.
struct MentionRef {
  std::string user;   // the user, or the org of a group
  std::string group;  // "" for a user
};

struct DiscussionCreated {
  static constexpr std::string_view kType = "discussion.created";
  DiscussionFacts discussion;
  std::vector<MentionRef> mentions;  // in the description
};

// What changed: status, title, pinned, locked (only those set).
struct DiscussionUpdated {
  static constexpr std::string_view kType = "discussion.updated";
  DiscussionFacts discussion;
  std::optional<std::string> old_status;
  std::optional<std::string> old_title;
  std::optional<bool> pinned;
  std::optional<bool> locked;
};

struct CommentFacts {
  std::string id;
  std::string author_id;
  std::string author_name;
  bool hidden = false;
  std::optional<std::string> content;  // absent once hidden
  std::string url_web;
};

struct DiscussionCommentCreated {
  static constexpr std::string_view kType = "discussion.comment.created";
  DiscussionFacts discussion;
  CommentFacts comment;
  std::vector<MentionRef> mentions;
};

// An edit (with the new content) or a hide (without any).
struct DiscussionCommentUpdated {
  static constexpr std::string_view kType = "discussion.comment.updated";
  DiscussionFacts discussion;
  CommentFacts comment;
  std::vector<MentionRef> mentions;  // new in the edit
};

// A pull request as pulls' events name it (its title and status are its thread's, in discussions'
// events), with what notifications needs to find recipients without calling back.
struct PullFacts {
  std::string id;  // "<repo id>/<num>", as its thread's
  std::int64_t num = 0;
  std::string author_id;  // "" when unknown
  std::string author_name;
  std::string url_web;
  std::string url_api;
  std::string base;  // refs/heads/main
};

// A review was given: its verdict on the head commit it was given on.
struct PullReviewSubmitted {
  static constexpr std::string_view kType = "pull.review.submitted";
  PullFacts pull;
  std::string review_id;
  std::string state;  // approve, request_changes, comment
  std::string commit;
  std::optional<std::string> body;
  std::int64_t comments = 0;  // line and tensor comments it carries
  std::vector<MentionRef> mentions;
};

struct RequestedGroup {
  std::string name;                  // org/group
  std::vector<std::string> members;  // names, when asked
};
struct PullReviewRequested {
  static constexpr std::string_view kType = "pull.review.requested";
  PullFacts pull;
  std::vector<std::string> users;
  std::vector<RequestedGroup> groups;
};

// A reply in a review thread (a review's own comments travel with pull.review.submitted).
struct PullReviewCommentCreated {
  static constexpr std::string_view kType = "pull.review_comment.created";
  PullFacts pull;
  std::string comment_id;
  std::string reply_to;  // the thread's first comment
  std::string thread_author;
  std::string path;
  std::string content;
  std::vector<MentionRef> mentions;
};

// Merged into the base: the commit, the shas it was decided on, and the numbers its description
// and commits close ("fixes #N"), for the bugs capability.
struct PullMerged {
  static constexpr std::string_view kType = "pull.merged";
  PullFacts pull;
  std::string merge_commit;
  std::string base_sha;  // the base's head it was merged onto
  std::string head_sha;
  std::string strategy;  // merge, squash, fast-forward
  std::vector<std::int64_t> closes;
  Audit audit;
  std::optional<std::string> comment;  // the merger's, posted in the thread with the merge
};

// A bug report as the bugs service's events show it, with what notifications needs to find
// recipients without calling back: its author and assignees (ids and names), its labels.
struct BugFacts {
  std::string id;  // "<repo id>/<num>": stable across a move of the repo
  std::int64_t num = 0;
  std::string title;
  std::string status;    // open, triaged, in_progress, resolved, closed, wontfix, duplicate
  std::string severity;  // critical, high, medium, low
  Actor author;          // id "" when unknown
  std::vector<Actor> assignees;
  std::vector<std::string> labels;
  std::string affected_revision;  // a commit sha, or ""
  std::string fixed_in;           // a commit sha, or ""
  std::optional<std::int64_t> duplicate_of;
  std::string url_web;
  std::string url_api;
};

struct BugCreated {
  static constexpr std::string_view kType = "bug.created";
  BugFacts bug;
  std::vector<MentionRef> mentions;  // in the body
};

struct StatusChange {
  std::string from, to;
};

// What changed (only what did): the status (with the pull request whose merge fixed it), the title,
// the body (its new mentions), severity, people assigned and unassigned, labels added and removed,
// the fixing commit.
struct BugUpdated {
  static constexpr std::string_view kType = "bug.updated";
  BugFacts bug;
  std::optional<StatusChange> status;
  std::optional<std::int64_t> fixed_by_pull;  // the merged pull request that resolved it
  std::optional<std::string> old_title;
  bool body_edited = false;
  std::optional<std::string> old_severity;
  std::vector<Actor> assigned, unassigned;
  std::vector<std::string> labels_added, labels_removed;
  std::optional<std::string> old_fixed_in;  // set when fixedIn changed ("" when there was none)
  std::vector<MentionRef> mentions;         // in the new body
};

struct BugCommentCreated {
  static constexpr std::string_view kType = "bug.comment.created";
  BugFacts bug;
  CommentFacts comment;
  std::vector<MentionRef> mentions;
};

// A repo's label was created, renamed or recoloured, or deleted (and taken off `reports` reports).
struct BugLabelChanged {
  static constexpr std::string_view kType = "bug.label";
  std::string action;  // created, updated, deleted
  std::string name, color, description;
  std::optional<std::string> old_name;
  std::int64_t reports = 0;
};

// The repo's bug template was replaced.
struct BugTemplateUpdated {
  static constexpr std::string_view kType = "bug.template.updated";
  std::string title;
  std::string severity;
  std::vector<std::string> labels;
};

// Someone left an organization, or was removed from it (auth): what they could read through it they
// may no longer read, so what only readers may hold (a bug report's assignment) is checked again.
struct OrgMemberRemoved {
  static constexpr std::string_view kType = "org.member.removed";
  std::string org_id, org;    // the org's id and name
  std::string user_id, user;  // the member's
};

// The `data` object of each.
std::string data_of(const RepoCreated& e);
std::string data_of(const RepoUpdated& e);
std::string data_of(const RepoMoved& e);
std::string data_of(const RepoDeleted& e);
std::string data_of(const RepoContent& e);
std::string data_of(const RepoConfigChanged& e);
std::string data_of(const RepoAccessRequest& e);
std::string data_of(const RepoStatus& e);
std::string data_of(const DiscussionCreated& e);
std::string data_of(const DiscussionUpdated& e);
std::string data_of(const DiscussionCommentCreated& e);
std::string data_of(const DiscussionCommentUpdated& e);
std::string data_of(const PullReviewSubmitted& e);
std::string data_of(const PullReviewRequested& e);
std::string data_of(const PullReviewCommentCreated& e);
std::string data_of(const PullMerged& e);
std::string data_of(const BugCreated& e);
std::string data_of(const BugUpdated& e);
std::string data_of(const BugCommentCreated& e);
std::string data_of(const BugLabelChanged& e);
std::string data_of(const BugTemplateUpdated& e);
std::string data_of(const OrgMemberRemoved& e);

// A new envelope (fresh id, now) of the event's type with its data.
template <class Event>
Envelope make_event(const Event& e) {
  return Envelope::make(std::string(Event::kType), data_of(e));
}

}  // namespace hub::events

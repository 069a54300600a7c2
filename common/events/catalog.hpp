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

// A thread as webhook payloads show it (the Hub's v3 `discussion` object, hf-compat §5), with what
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

// A new envelope (fresh id, now) of the event's type with its data.
template <class Event>
Envelope make_event(const Event& e) {
  return Envelope::make(std::string(Event::kType), data_of(e));
}

}  // namespace hub::events

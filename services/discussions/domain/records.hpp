#pragma once
// A thread and its events as stored and as answers show them: plain records the store fills and
// the API renders.
#include <cstdint>
#include <string>
#include <vector>

#include "services/discussions/domain/thread.hpp"

namespace hub::discussions {

struct ThreadRow {
  std::string repo_id;
  std::int64_t num = 0;
  bool is_pull_request = false;
  std::string title;
  Status status = Status::kOpen;
  std::string author_id;  // "" when unknown
  std::string author_name;
  bool pinned = false;
  bool locked = false;
  std::string created_at;  // RFC 3339
  std::string updated_at;
  std::int64_t updated_us = 0;  // updated_at in microseconds, the recently-updated cursor's key
  std::int64_t comment_count = 0;
  std::string base_ref;         // pull requests
  std::string merge_commit_id;  // merged pull requests
};

struct CommentVersion {
  std::string raw;
  std::string html;
  std::string author_name;
  std::string created_at;
};

struct Reaction {
  std::string emoji;
  std::vector<std::string> users;  // names, in the order they reacted
};

struct EventRow {
  std::string id;  // uuid
  std::string repo_id;
  std::int64_t num = 0;
  std::int64_t seq = 0;
  EventType type = EventType::kComment;
  std::string author_id;
  std::string author_name;
  std::string created_at;
  std::string data = "{}";  // the non-comment events' data object
  bool hidden = false;
  // Comments: every version, the latest last (none once hidden), and the reactions.
  std::vector<CommentVersion> versions;
  std::vector<Reaction> reactions;
};

}  // namespace hub::discussions

#pragma once
// A bug report and what hangs off it, as stored and as answers show them: plain records the store
// fills and the API renders.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/bugs/domain/report.hpp"

namespace hub::bugs {

struct Person {
  std::string id;  // "" when unknown
  std::string name;

  bool operator==(const Person&) const = default;
};

struct LabelRow {
  std::int64_t id = 0;
  std::string name;
  std::string color;
  std::string description;
  std::int64_t reports = 0;  // how many reports carry it (lists of labels)
};

struct PullLink {
  std::int64_t num = 0;
  std::string merge_commit;
};

struct ReportRow {
  std::string repo_id;
  std::int64_t num = 0;
  std::string title;
  std::string body;
  std::string body_html;
  Status status = Status::kOpen;
  Severity severity = Severity::kMedium;
  Person author;
  std::string affected_sha;  // "" for none
  std::string fixed_in;      // "" for none
  std::optional<std::int64_t> duplicate_of;
  Environment environment;
  std::string created_at;  // RFC 3339
  std::string updated_at;
  std::int64_t updated_us = 0;  // updated_at in microseconds, the recently-updated cursor's key
  std::int64_t comment_count = 0;
  // Filled for answers (one query each for a whole page).
  std::vector<LabelRow> labels;
  std::vector<Person> assignees;
  std::vector<PullLink> pulls;
};

// One entry of a report's timeline: a comment or a status change, in one order (seq).
struct TimelineEntry {
  enum class Kind : std::uint8_t { kComment, kTransition };
  Kind kind = Kind::kComment;
  std::string id;  // uuid
  std::int64_t seq = 0;
  Person actor;  // a comment's author, a transition's actor
  std::string created_at;
  // Comments
  std::string body;
  std::string body_html;
  // Transitions
  Status from = Status::kOpen;
  Status to = Status::kOpen;
  std::optional<std::int64_t> duplicate_of;
  std::string fixed_in;
  std::optional<std::int64_t> pull_num;
};

}  // namespace hub::bugs

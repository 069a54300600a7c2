#include "services/bugs/domain/report.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "common/util/enum_names.hpp"
#include "common/util/strings.hpp"
#include "common/util/text.hpp"
#include "common/util/utf8.hpp"

namespace hub::bugs {
namespace {

constexpr util::EnumNames<Status, kStatusCount> kStatusNames = {{{Status::kOpen, "open"},
                                                                 {Status::kTriaged, "triaged"},
                                                                 {Status::kInProgress, "in_progress"},
                                                                 {Status::kResolved, "resolved"},
                                                                 {Status::kClosed, "closed"},
                                                                 {Status::kWontfix, "wontfix"},
                                                                 {Status::kDuplicate, "duplicate"}}};

constexpr util::EnumNames<Severity, 4> kSeverityNames = {{{Severity::kCritical, "critical"},
                                                          {Severity::kHigh, "high"},
                                                          {Severity::kMedium, "medium"},
                                                          {Severity::kLow, "low"}}};

// The lifecycle, one row per move: who may make it. A move missing here is no move at all.
struct Move {
  Status from, to;
  bool triager, author, fix;
};
constexpr std::array<Move, 19> kMoves = {{
    {Status::kOpen, Status::kTriaged, true, false, false},
    {Status::kOpen, Status::kResolved, false, false, true},
    {Status::kOpen, Status::kClosed, true, true, false},
    {Status::kOpen, Status::kWontfix, true, false, false},
    {Status::kOpen, Status::kDuplicate, true, false, false},
    {Status::kTriaged, Status::kInProgress, true, false, false},
    {Status::kTriaged, Status::kResolved, false, false, true},
    {Status::kTriaged, Status::kClosed, true, true, false},
    {Status::kTriaged, Status::kWontfix, true, false, false},
    {Status::kTriaged, Status::kDuplicate, true, false, false},
    {Status::kInProgress, Status::kResolved, true, false, true},
    {Status::kInProgress, Status::kClosed, true, true, false},
    {Status::kInProgress, Status::kWontfix, true, false, false},
    {Status::kInProgress, Status::kDuplicate, true, false, false},
    {Status::kResolved, Status::kClosed, true, true, false},
    {Status::kResolved, Status::kOpen, true, true, false},
    {Status::kClosed, Status::kOpen, true, true, false},
    {Status::kWontfix, Status::kOpen, true, false, false},
    {Status::kDuplicate, Status::kOpen, true, false, false},
}};

// Where a report in `from` may go, for the message of a refused move.
std::string moves_from(Status from) {
  std::string out;
  for (const Move& m : kMoves) {
    if (m.from != from || (!m.triager && !m.author)) continue;
    out += (out.empty() ? "" : ", ") + std::string(status_name(m.to));
  }
  return out;
}

Result<std::string> checked_text(std::string_view what, std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return fail(std::string(what) + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (!util::valid_utf8(text)) return fail(std::string(what) + " is not UTF-8");
  if (text.find('\0') != std::string_view::npos) return fail(std::string(what) + " holds a NUL byte");
  return std::string(text);
}

}  // namespace

std::string_view status_name(Status status) {
  return util::name_of(kStatusNames, status);
}

std::optional<Status> parse_status(std::string_view name) {
  return util::value_named(kStatusNames, name);
}

std::vector<Status> all_statuses() {
  std::vector<Status> out;
  for (const auto& entry : kStatusNames)
    out.push_back(entry.value);
  return out;
}

bool is_known(Status status) {
  return is_active(status) || status == Status::kResolved;
}

bool is_active(Status status) {
  return status == Status::kOpen || status == Status::kTriaged || status == Status::kInProgress;
}

std::string_view severity_name(Severity severity) {
  return util::name_of(kSeverityNames, severity);
}

std::optional<Severity> parse_severity(std::string_view name) {
  return util::value_named(kSeverityNames, name);
}

Result<Severity> checked_severity(std::string_view name) {
  auto severity = parse_severity(name);
  if (!severity) return fail("severity is critical, high, medium or low");
  return *severity;
}

int severity_rank(Severity severity) {
  return static_cast<int>(severity);
}

std::optional<MoveRefusal> refuse_move(Status from, Status to, Mover mover) {
  if (from == to) return MoveRefusal{false, "the report is " + std::string(status_name(to)) + " already"};
  const auto move =
      std::find_if(kMoves.begin(), kMoves.end(), [&](const Move& m) { return m.from == from && m.to == to; });
  const bool by_people = move != kMoves.end() && (move->triager || move->author);
  if (move == kMoves.end() || (mover != Mover::kFix && !by_people)) {
    std::string message =
        "a report that is " + std::string(status_name(from)) + " cannot become " + std::string(status_name(to));
    const std::string next = moves_from(from);
    if (!next.empty()) message += " (it can become " + next + ")";
    return MoveRefusal{false, message};
  }
  const bool allowed = (mover == Mover::kTriager && move->triager) || (mover == Mover::kAuthor && move->author) ||
                       (mover == Mover::kFix && move->fix);
  if (allowed) return std::nullopt;
  if (mover == Mover::kAuthor && (to == Status::kClosed || to == Status::kOpen)) {
    return MoveRefusal{true,
                       "its author may close a report, and reopen it once resolved or closed; this needs the "
                       "write role on the repo"};
  }
  return MoveRefusal{true, "making a report " + std::string(status_name(to)) + " needs the write role on the repo"};
}

Result<std::int64_t> checked_duplicate(std::int64_t self, std::int64_t target, const std::vector<std::int64_t>& chain) {
  if (target <= 0) return fail("duplicateOf is the number of a bug report of this repo");
  if (target == self) return fail("a report is no duplicate of itself");
  if (std::find(chain.begin(), chain.end(), self) != chain.end()) {
    return fail("#" + std::to_string(target) + " is marked a duplicate of #" + std::to_string(self) +
                " (through its duplicates): that would be a cycle");
  }
  return target;
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

Result<std::string> checked_title(std::string_view title) {
  return util::checked_line("title", title, kMaxTitleChars);
}

Result<std::string> checked_body(std::string_view body) {
  return checked_text("body", body, kMaxTextBytes);
}

Result<std::string> checked_comment(std::string_view comment) {
  if (blank(comment)) return fail("comment is empty");
  return checked_text("comment", comment, kMaxTextBytes);
}

Result<std::string> checked_environment_field(std::string_view field, std::string_view value, std::size_t max_chars) {
  const std::string trimmed(util::trim(value));
  if (!util::valid_utf8(trimmed)) return fail(std::string(field) + " is not UTF-8");
  if (util::utf8_chars(trimmed) > max_chars) {
    return fail(std::string(field) + " is longer than " + std::to_string(max_chars) + " characters");
  }
  if (std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return fail(std::string(field) + " is one line of text");
  }
  return trimmed;
}

Result<std::string> checked_reproduction(std::string_view value) {
  return checked_text("environment.reproduction", value, kMaxReproductionBytes);
}

}  // namespace hub::bugs

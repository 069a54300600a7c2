#pragma once
// A bug report as plain types: its statuses and the moves between them (who may make which), its
// severities, the duplicate chains it may join, and the limits on what people write in it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace hub::bugs {

// open → triaged → in_progress → resolved → closed, plus wontfix and duplicate; reopening goes back
// to open.
enum class Status : std::uint8_t { kOpen, kTriaged, kInProgress, kResolved, kClosed, kWontfix, kDuplicate };

std::string_view status_name(Status status);  // open, triaged, in_progress, resolved, closed, wontfix, duplicate
std::optional<Status> parse_status(std::string_view name);
inline constexpr std::size_t kStatusCount = 7;
std::vector<Status> all_statuses();

// Still to be fixed, or fixed and not yet confirmed: what known-bugs answers.
bool is_known(Status status);
// Open, triaged or in progress: what a merged pull request's "fixes #N" resolves.
bool is_active(Status status);

enum class Severity : std::uint8_t { kCritical, kHigh, kMedium, kLow };  // rank order: most severe first

std::string_view severity_name(Severity severity);  // critical, high, medium, low
std::optional<Severity> parse_severity(std::string_view name);
Result<Severity> checked_severity(std::string_view name);  // a 400 message naming the four
int severity_rank(Severity severity);                      // critical 0 … low 3

// Who asks for a status change, as far as the lifecycle cares: the write role triages; the
// report's author may close it and reopen what was resolved or closed; the merge of a pull request
// that fixes it resolves it.
enum class Mover : std::uint8_t { kOther, kAuthor, kTriager, kFix };

// Whether `mover` may move a report from `from` to `to`; the error says why not (a 409 for a move
// the lifecycle lacks, a 403 for a move the lifecycle has but this mover may not make).
struct MoveRefusal {
  bool forbidden = false;  // the lifecycle allows it, the mover may not
  std::string message;
};
std::optional<MoveRefusal> refuse_move(Status from, Status to, Mover mover);

// The reports `duplicateOf` may point at, checked on the chain that starts at `target`: `chain` is
// target's own duplicateOf, then that report's, and so on (as far as the store followed it). A
// report is no duplicate of itself, nor of one whose chain leads back to it.
Result<std::int64_t> checked_duplicate(std::int64_t self, std::int64_t target, const std::vector<std::int64_t>& chain);

// Limits on what people write: a title is 1 to 256 characters once trimmed, a body or a comment up
// to 64 KiB (a comment not empty), the environment fields short.
inline constexpr std::size_t kMaxTitleChars = 256;
inline constexpr std::size_t kMaxTextBytes = 64 * 1024;
inline constexpr std::size_t kMaxEnvironmentChars = 200;
inline constexpr std::size_t kMaxReproductionBytes = 4096;

bool blank(std::string_view text);
Result<std::string> checked_title(std::string_view title);
Result<std::string> checked_body(std::string_view body);  // may be empty
Result<std::string> checked_comment(std::string_view comment);

// Where and with what the bug shows: a library and its version, the hardware, a short input that
// reproduces it. Every field may be empty.
struct Environment {
  std::string library;
  std::string library_version;
  std::string hardware;
  std::string reproduction;

  bool operator==(const Environment&) const = default;
};
// `field` names the field in the message ("environment.library").
Result<std::string> checked_environment_field(std::string_view field, std::string_view value, std::size_t max_chars);
Result<std::string> checked_reproduction(std::string_view value);

}  // namespace hub::bugs

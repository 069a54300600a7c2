#pragma once
// A thread (a discussion or a pull request) and what happens in it, as plain types: statuses and
// the moves between them, event kinds, and the limits on what people write.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace hub::discussions {

enum class Status : std::uint8_t { kOpen, kClosed, kMerged, kDraft };

std::string_view status_name(Status status);  // open, closed, merged, draft
std::optional<Status> parse_status(std::string_view name);

enum class EventType : std::uint8_t { kComment, kStatusChange, kTitleChange, kCommit };

std::string_view event_type_name(EventType type);  // comment, status-change, title-change, commit
std::optional<EventType> parse_event_type(std::string_view name);

// What a caller may ask of POST …/status: open or closed (merged comes only from a merge, and a
// pull request never goes back to draft). Publishing a draft is asking for open.
Result<Status> requested_status(std::string_view word);

// Whether a thread in `from` may move to `to` by a status request; the error says why not.
// `is_pull_request`: only pull requests are ever drafts or merged.
Result<Status> status_change(Status from, Status to, bool is_pull_request);

// Limits on what people write (the Hub's own, or near them): a title is 1 to 200 characters once
// trimmed, a comment 1 to 65,536 bytes.
inline constexpr std::size_t kMaxTitleChars = 200;
inline constexpr std::size_t kMaxCommentBytes = 64 * 1024;

// Whether `text` is nothing but white space (an empty description is no first comment).
bool blank(std::string_view text);

// The title trimmed, or a 400 message for an empty or too long one (counting characters, not bytes).
Result<std::string> checked_title(std::string_view title);
// The comment as written, or a 400 message for an empty or too long one.
Result<std::string> checked_comment(std::string_view comment);

// The Hub's reactions.
inline constexpr std::array<std::string_view, 12> kReactions = {"🔥", "🚀",    "👀", "❤️", "🤗", "😎",
                                                                "➕", "🧠", "👍", "🤝",   "😔",    "🤯"};
bool is_reaction(std::string_view emoji);

}  // namespace hub::discussions

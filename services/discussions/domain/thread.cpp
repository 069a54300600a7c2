#include "services/discussions/domain/thread.hpp"

#include <algorithm>
#include <cctype>

#include "common/util/enum_names.hpp"
#include "common/util/strings.hpp"
#include "common/util/text.hpp"
#include "common/util/utf8.hpp"

namespace hub::discussions {
namespace {

constexpr util::EnumNames<Status, 4> kStatusNames = {
    {{Status::kOpen, "open"}, {Status::kClosed, "closed"}, {Status::kMerged, "merged"}, {Status::kDraft, "draft"}}};

constexpr util::EnumNames<EventType, 4> kEventTypeNames = {{{EventType::kComment, "comment"},
                                                            {EventType::kStatusChange, "status-change"},
                                                            {EventType::kTitleChange, "title-change"},
                                                            {EventType::kCommit, "commit"}}};

}  // namespace

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

std::string_view status_name(Status status) {
  return util::name_of(kStatusNames, status);
}

std::optional<Status> parse_status(std::string_view name) {
  return util::value_named(kStatusNames, name);
}

std::string_view event_type_name(EventType type) {
  return util::name_of(kEventTypeNames, type);
}

std::optional<EventType> parse_event_type(std::string_view name) {
  return util::value_named(kEventTypeNames, name);
}

Result<Status> requested_status(std::string_view word) {
  const auto status = parse_status(word);
  if (status != Status::kOpen && status != Status::kClosed) return fail("status is open or closed");
  return *status;
}

Result<Status> status_change(Status from, Status to, bool is_pull_request) {
  if (from == Status::kMerged) return fail("a merged pull request stays merged");
  if (to == Status::kDraft) return fail("a pull request never goes back to draft");
  if (to == Status::kMerged) return fail("a pull request is merged by merging it");
  if (from == to) return fail(std::string("the thread is already ") + std::string(status_name(to)));
  if (from == Status::kDraft && !is_pull_request) return fail("only a pull request is a draft");
  return to;
}

Result<std::string> checked_title(std::string_view title) {
  return util::checked_line("title", title, kMaxTitleChars);
}

Result<std::string> checked_comment(std::string_view comment) {
  if (blank(comment)) return fail("comment is empty");
  if (comment.size() > kMaxCommentBytes) {
    return fail("comment is longer than " + std::to_string(kMaxCommentBytes) + " bytes");
  }
  if (!util::valid_utf8(comment)) return fail("comment is not UTF-8");
  if (comment.find('\0') != std::string_view::npos) return fail("comment holds a NUL byte");
  return std::string(comment);
}

bool is_reaction(std::string_view emoji) {
  return std::find(kReactions.begin(), kReactions.end(), emoji) != kReactions.end();
}

}  // namespace hub::discussions

#include "services/pulls/domain/review.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace hub::pulls {
namespace {

constexpr std::array<std::pair<Verdict, std::string_view>, 3> kVerdicts{
    {{Verdict::kApprove, "approve"}, {Verdict::kRequestChanges, "request_changes"}, {Verdict::kComment, "comment"}}};

}  // namespace

std::string_view verdict_name(Verdict v) {
  for (const auto& [value, name] : kVerdicts)
    if (value == v) return name;
  return "comment";
}

std::optional<Verdict> parse_verdict(std::string_view s) {
  for (const auto& [value, name] : kVerdicts)
    if (name == s) return value;
  return std::nullopt;
}

std::string_view side_name(LineSide s) {
  return s == LineSide::kNew ? "new" : "old";
}

std::optional<LineSide> parse_side(std::string_view s) {
  // The words GitHub's API uses too, so a reviewer's tooling can send either.
  if (s == "new" || s == "RIGHT") return LineSide::kNew;
  if (s == "old" || s == "LEFT") return LineSide::kOld;
  return std::nullopt;
}

std::string PullRow::base_branch() const {
  constexpr std::string_view kHeads = "refs/heads/";
  return base_ref.starts_with(kHeads) ? base_ref.substr(kHeads.size()) : base_ref;
}

Result<std::string> checked_body(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
    return fail("a comment needs some text");
  }
  if (text.size() > kMaxReviewBody) return fail("a comment is at most 65536 bytes");
  return std::string(text);
}

}  // namespace hub::pulls

#pragma once
// Why an item is in someone's inbox. A person has one reason per event, the first of this order
// that applies: mention > review_requested > assigned > author > participating > watching
// (`security` is for notices about the user's own settings, such as a webhook disabled).
#include <optional>
#include <string_view>

namespace hub::notifications {

// In priority order: a smaller value wins.
enum class Reason { kMention, kReviewRequested, kAssigned, kAuthor, kParticipating, kWatching, kSecurity };

std::string_view reason_name(Reason reason);
std::optional<Reason> parse_reason(std::string_view name);

}  // namespace hub::notifications

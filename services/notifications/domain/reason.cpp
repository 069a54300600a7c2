#include "services/notifications/domain/reason.hpp"

#include "common/util/enum_names.hpp"

namespace hub::notifications {
namespace {

constexpr util::EnumNames<Reason, 7> kReasons{{{Reason::kMention, "mention"},
                                               {Reason::kReviewRequested, "review_requested"},
                                               {Reason::kAssigned, "assigned"},
                                               {Reason::kAuthor, "author"},
                                               {Reason::kParticipating, "participating"},
                                               {Reason::kWatching, "watching"},
                                               {Reason::kSecurity, "security"}}};

}  // namespace

std::string_view reason_name(Reason reason) {
  return util::name_of(kReasons, reason);
}

std::optional<Reason> parse_reason(std::string_view name) {
  return util::value_named(kReasons, name);
}

}  // namespace hub::notifications

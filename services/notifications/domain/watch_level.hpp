#pragma once
// How closely someone follows a repo (or every repo of an organization): watching (every thread),
// participating (the threads they take part in, mentions, review requests: everyone's default), or
// ignoring (nothing at all from it, as GitHub's "Ignore"). A repo's own level wins over its
// organization's.
#include <optional>
#include <string_view>

namespace hub::notifications {

enum class WatchLevel { kWatching, kParticipating, kIgnoring };

std::string_view watch_level_name(WatchLevel level);
std::optional<WatchLevel> parse_watch_level(std::string_view name);

// Where a level comes from: set on the repo, on its organization, or nobody set one.
enum class WatchSource { kRepo, kOrganization, kDefault };
std::string_view watch_source_name(WatchSource source);

struct EffectiveLevel {
  WatchLevel level = WatchLevel::kParticipating;
  WatchSource source = WatchSource::kDefault;
};

EffectiveLevel effective_level(std::optional<WatchLevel> repo, std::optional<WatchLevel> organization);

}  // namespace hub::notifications

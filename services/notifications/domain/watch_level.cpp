#include "services/notifications/domain/watch_level.hpp"

#include "common/util/enum_names.hpp"

namespace hub::notifications {
namespace {

constexpr util::EnumNames<WatchLevel, 3> kLevels{{{WatchLevel::kWatching, "watching"},
                                                  {WatchLevel::kParticipating, "participating"},
                                                  {WatchLevel::kIgnoring, "ignoring"}}};
constexpr util::EnumNames<WatchSource, 3> kSources{
    {{WatchSource::kRepo, "repo"}, {WatchSource::kOrganization, "organization"}, {WatchSource::kDefault, "default"}}};

}  // namespace

std::string_view watch_level_name(WatchLevel level) {
  return util::name_of(kLevels, level);
}

std::optional<WatchLevel> parse_watch_level(std::string_view name) {
  return util::value_named(kLevels, name);
}

std::string_view watch_source_name(WatchSource source) {
  return util::name_of(kSources, source);
}

EffectiveLevel effective_level(std::optional<WatchLevel> repo, std::optional<WatchLevel> organization) {
  if (repo) return {*repo, WatchSource::kRepo};
  if (organization) return {*organization, WatchSource::kOrganization};
  return {};
}

}  // namespace hub::notifications

#pragma once
// Watching (docs/inbox.md, "Watching"): a user's level on a repo they may read, and on an
// organization (any namespace: anyone may watch one, and is told only of the repos they may read,
// checked when each event is delivered and again when the inbox is read).
#include <string>

#include "common/access/identity.hpp"
#include "common/domain/repo_place.hpp"
#include "common/service/service.hpp"
#include "services/notifications/domain/watch_level.hpp"

namespace hub::notifications {

// 401 without a signed-in caller; 404 RepoNotFound for a repo the caller may not read.
EffectiveLevel repo_subscription(service::Context& ctx, const access::Identity* caller, const domain::RepoPlace& place);
EffectiveLevel watch_repo(service::Context& ctx, const access::Identity* caller, const domain::RepoPlace& place,
                          WatchLevel level);
EffectiveLevel unwatch_repo(service::Context& ctx, const access::Identity* caller, const domain::RepoPlace& place);

// 401 without a signed-in caller; 404 for a name no organization can have.
EffectiveLevel org_subscription(service::Context& ctx, const access::Identity* caller, const std::string& org);
EffectiveLevel watch_org(service::Context& ctx, const access::Identity* caller, const std::string& org,
                         WatchLevel level);
EffectiveLevel unwatch_org(service::Context& ctx, const access::Identity* caller, const std::string& org);

}  // namespace hub::notifications

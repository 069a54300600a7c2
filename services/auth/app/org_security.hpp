#pragma once
// An org's security policy. Members read it (it explains the refusals they may meet); admins change
// it, never into one that shuts out their own address. Every change is audited and tells the
// gateways, after it commits, to drop what they decided under the old policy.
#include <string_view>

#include "common/access/identity.hpp"
#include "common/access/org_policy.hpp"
#include "common/db/pool.hpp"
#include "common/json/json.hpp"
#include "services/auth/app/invalidator.hpp"

namespace hub::auth {

access::OrgPolicy read_policy(db::Pool& db, const access::Identity& who, std::string_view org);
// `update` is the client's document: its fields apply over the stored policy
// (access::apply_policy_update), so it is read here, after the admin check and under the row lock.
access::OrgPolicy update_policy(db::Pool& db, Invalidator& invalidator, const access::Identity& who,
                                std::string_view org, const json::Value& update);

}  // namespace hub::auth

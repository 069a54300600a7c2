#pragma once
// Org security policies in the database (schemas/auth/105_org_policies.sql): SQL only, in the
// caller's transaction.
#include <pqxx/pqxx>
#include <string>

#include "common/access/org_policy.hpp"

namespace hub::auth {

// The policy's columns of auth.org_policies aliased `p`, for queries that join it; policy_from_row()
// reads them back from column `first` on (the defaults when the join found no row).
inline constexpr const char* kPolicyColumns =
    "array_to_json(p.ip_allowlist)::text, p.require_fine_grained, p.max_token_lifetime_days, "
    "p.default_repo_visibility";
access::OrgPolicy policy_from_row(const pqxx::row& row, pqxx::row::size_type first);

// The org's policy; the defaults when it never saved one.
access::OrgPolicy load_org_policy(pqxx::transaction_base& tx, const std::string& org_id);
// Row lock: two admins saving at once each see the other's change, not a lost update.
void lock_org_policy(pqxx::work& tx, const std::string& org_id);
void store_org_policy(pqxx::work& tx, const std::string& org_id, const access::OrgPolicy& policy);

}  // namespace hub::auth

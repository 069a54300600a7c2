#pragma once
// Org security policies in the database (schemas/auth/105_org_policies.sql).
#include <pqxx/pqxx>
#include <string>

#include "common/auth/org_policy.hpp"

namespace hub::auth_service {

// The org's policy; the defaults when it never saved one.
auth::OrgPolicy load_org_policy(pqxx::transaction_base& tx, const std::string& org_id);
void store_org_policy(pqxx::work& tx, const std::string& org_id, const auth::OrgPolicy& policy);

}  // namespace hub::auth_service

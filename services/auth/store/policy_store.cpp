// The org policy queries.
#include "services/auth/store/policy_store.hpp"

#include "common/json/json.hpp"

namespace hub::auth {
namespace {

const std::string kLoadPolicy =
    std::string("SELECT ") + kPolicyColumns + " FROM auth.org_policies p WHERE p.org_id = $1";
constexpr std::string_view kLockPolicy = "SELECT 1 FROM auth.org_policies WHERE org_id = $1 FOR UPDATE";
constexpr std::string_view kStorePolicy =
    "INSERT INTO auth.org_policies (org_id, ip_allowlist, require_fine_grained, max_token_lifetime_days, "
    "default_repo_visibility) "
    "VALUES ($1, ARRAY(SELECT json_array_elements_text($2::json)), $3, NULLIF($4, '')::integer, $5) "
    "ON CONFLICT (org_id) DO UPDATE SET ip_allowlist = EXCLUDED.ip_allowlist, "
    "require_fine_grained = EXCLUDED.require_fine_grained, "
    "max_token_lifetime_days = EXCLUDED.max_token_lifetime_days, "
    "default_repo_visibility = EXCLUDED.default_repo_visibility, updated_at = now()";

}  // namespace

access::OrgPolicy policy_from_row(const pqxx::row& row, pqxx::row::size_type first) {
  access::OrgPolicy p;
  if (row[first].is_null()) return p;  // no row joined: the defaults
  // Stored blocks were validated on the way in; one that no longer parses is dropped, not trusted.
  auto list = json::parse(row[first].as<std::string>());
  if (list && list->IsArray()) {
    for (const auto& item : list->GetArray()) {
      if (!item.IsString()) continue;
      if (auto block = net::parse_cidr(item.GetString())) p.ip_allowlist.push_back(*block);
    }
  }
  p.require_fine_grained_tokens = row[first + 1].as<bool>();
  if (!row[first + 2].is_null()) p.max_token_lifetime_days = row[first + 2].as<std::int64_t>();
  p.default_repo_visibility = row[first + 3].as<std::string>();
  return p;
}

access::OrgPolicy load_org_policy(pqxx::transaction_base& tx, const std::string& org_id) {
  auto r = tx.exec_params(kLoadPolicy, org_id);
  return r.empty() ? access::OrgPolicy{} : policy_from_row(r[0], 0);
}

void lock_org_policy(pqxx::work& tx, const std::string& org_id) {
  tx.exec_params(std::string(kLockPolicy), org_id);
}

void store_org_policy(pqxx::work& tx, const std::string& org_id, const access::OrgPolicy& p) {
  json::Writer blocks;
  blocks.begin_array();
  for (const auto& b : p.ip_allowlist)
    blocks.value(b.str());
  blocks.end_array();
  tx.exec_params(std::string(kStorePolicy), org_id, blocks.str(), p.require_fine_grained_tokens,
                 p.max_token_lifetime_days ? std::to_string(*p.max_token_lifetime_days) : std::string(),
                 p.default_repo_visibility);
}

}  // namespace hub::auth

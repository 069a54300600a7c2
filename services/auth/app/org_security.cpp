// The org policy use cases.
#include "services/auth/app/org_security.hpp"

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "services/auth/app/access_checks.hpp"
#include "services/auth/app/audit_trail.hpp"
#include "services/auth/store/policy_store.hpp"

namespace hub::auth {

access::OrgPolicy read_policy(db::Pool& db, const access::Identity& who, std::string_view org) {
  return db::transact(db, [&](pqxx::work& tx) {
    const OrgAccess in_org = org_access(tx, org, who.user_id);
    if (!in_org.member()) throw ApiError(ErrorCode::kForbidden, "only members see the security policy");
    return load_org_policy(tx, in_org.id);
  });
}

access::OrgPolicy update_policy(db::Pool& db, Invalidator& invalidator, const access::Identity& who,
                                std::string_view org, const json::Value& update) {
  access::OrgPolicy saved = db::transact(db, [&](pqxx::work& tx) {
    require_writing_credential(tx, who);
    const OrgAccess in_org =
        require_org_admin(tx, org, who.user_id, "only an admin of the organization changes its policy");
    lock_org_policy(tx, in_org.id);
    access::OrgPolicy next = access::apply_policy_update(load_org_policy(tx, in_org.id), update).or_throw();
    auto here = net::parse_address(who.client_address);
    if (!next.ip_allowlist.empty() && (!here || !net::contains_any(next.ip_allowlist, *here))) {
      throw ApiError(ErrorCode::kBadRequest,
                     "this allowlist would shut out your own address (" + who.client_address + "); add it first");
    }
    store_org_policy(tx, in_org.id, next);
    AuditEntry entry = audit_by(who, "org.policy.update", in_org.name);
    entry.org_id = in_org.id;
    json::Writer d;
    access::write_policy(d, next);
    entry.details_json = d.str();
    audit(tx, entry);
    return next;
  });
  invalidator.everything_changed();
  return saved;
}

}  // namespace hub::auth

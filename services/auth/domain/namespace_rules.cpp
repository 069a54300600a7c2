// The namespace decision: ownership, the org role (contributor or above creates), the token's reach,
// and the org's policy.
#include "services/auth/domain/namespace_rules.hpp"

#include "common/access/role.hpp"
#include "common/util/strings.hpp"
#include "services/auth/domain/decide.hpp"

namespace hub::auth {

bool scoped_write(const std::string& scoped_json, std::string_view ns) {
  return scoped_grant(scoped_json, [&](std::string_view type, std::string_view name) {
           return (type == "org" || type == "user") && util::iequals(name, ns);
         }) >= Role::kWrite;
}

NamespaceAnswer decide_namespace(std::string_view ns, const NamespaceFacts& facts, std::string_view client_address) {
  const bool own = util::iequals(facts.user_name, ns);
  const bool org = facts.org_exists;
  const bool member = !facts.org_role.empty();
  const MemberRole org_role = stored_member_role(facts.org_role);
  const bool token_writes = facts.token_kind == "session" || facts.token_role == "write" ||
                            (facts.token_role == "fineGrained" && scoped_write(facts.scoped_json, ns));
  NamespaceAnswer a;
  const std::string name(ns);
  if (!own && !org) {
    a.reason = "no organization named " + name + " that you belong to";
  } else if (org && org_role < MemberRole::kContributor) {
    a.reason = !member ? "no organization named " + name + " that you belong to"
                       : "your role in " + name + " may not create repos";
  } else if (!token_writes) {
    a.reason = "this token may not create repos in " + name;
  }
  if (org) {
    a.default_visibility = facts.policy.default_repo_visibility;
    if (a.reason.empty() && member) {
      access::Credential credential{facts.token_kind == "session", facts.token_role, facts.token_lifetime_seconds};
      if (auto refusal = access::policy_refusal(facts.policy, credential, client_address)) a.reason = *refusal;
    }
  }
  // An org the caller does not belong to is reported as missing: its existence is not theirs to learn.
  a.exists = own || (org && member);
  a.kind = own ? "user" : "org";
  a.may_create = a.reason.empty();
  return a;
}

}  // namespace hub::auth

namespace hub::auth {

WebhookOwnerAnswer decide_webhook_owner(std::string_view ns, const NamespaceFacts& facts,
                                        std::string_view client_address) {
  WebhookOwnerAnswer a;
  const std::string name(ns);
  const bool own = util::iequals(facts.user_name, ns);
  const bool member = facts.org_exists && !facts.org_role.empty();
  if (!own && !member) {
    // As for creating repos: an org the caller does not belong to is not theirs to learn of.
    a.kind = "";
    a.reason = "no organization named " + name + " that you belong to";
    return a;
  }
  a.exists = true;
  a.kind = own ? "user" : "org";
  if (!own && stored_member_role(facts.org_role) != MemberRole::kAdmin) {
    a.reason = "only an admin of " + name + " manages its webhooks";
    return a;
  }
  if (!own) {
    access::Credential credential{facts.token_kind == "session", facts.token_role, facts.token_lifetime_seconds};
    if (auto refusal = access::policy_refusal(facts.policy, credential, client_address)) {
      a.reason = *refusal;
      return a;
    }
  }
  // A fine-grained token reaches an org's hooks only through an entry naming the org (entries name
  // orgs and repos, never a user: a user's own hooks take a session or a read or write token).
  const ScopedEntityMatch names_ns = [&](std::string_view type, std::string_view entity) {
    return type == "org" && util::iequals(entity, ns);
  };
  auto scoped = [&](std::string_view permission) {
    return facts.token_role == "fineGrained" && scoped_permission(facts.scoped_json, names_ns, permission);
  };
  const bool writes = facts.token_kind == "session" || facts.token_role == "write" || scoped("webhooks.write");
  const bool reads = writes || facts.token_role == "read" || scoped("org.read");
  if (!reads) {
    a.reason = "this token may not read the webhooks of " + name;
    return a;
  }
  a.may_read = true;
  if (!writes) {
    a.reason = "this token may not manage webhooks of " + name;
    return a;
  }
  a.may_manage = true;
  return a;
}

}  // namespace hub::auth

#pragma once
// May a caller create a repo in a namespace, and what does a new repo there default to: the
// decision over what the store read about the caller's token and the namespace.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/access/org_policy.hpp"

namespace hub::auth {

struct NamespaceFacts {
  std::string user_name;    // the caller's
  std::string token_kind;   // session, access
  std::string token_role;   // read, write, fineGrained
  std::string scoped_json;  // a fine-grained token's scopes, as stored
  std::optional<std::int64_t> token_lifetime_seconds;
  bool org_exists = false;   // an org has the namespace's name
  std::string org_role;      // the caller's in it, as stored; "" when not a member
  access::OrgPolicy policy;  // the org's (the defaults when it saved none)
};

struct NamespaceAnswer {
  bool exists = false;  // a namespace the caller may know of
  std::string kind;     // user, org
  bool may_create = false;
  std::string default_visibility = "public";
  std::string reason;  // why not, when may_create is false
};

// A fine-grained token writes to a namespace only where an entry names it with repo.write.
bool scoped_write(const std::string& scoped_json, std::string_view ns);

NamespaceAnswer decide_namespace(std::string_view ns, const NamespaceFacts& facts, std::string_view client_address);

}  // namespace hub::auth

namespace hub::auth {

// Who may manage the webhooks a namespace owns (notifications asks, for /api/settings/webhooks and
// /api/organizations/{org}/settings/webhooks): a user their own; an org's admins the org's. Reading
// them takes a session or a read or write token (or, for an org's, a fine-grained one with org.read
// or webhooks.write on the org); changing them a session, a write token, or for an org's a
// fine-grained token with webhooks.write on it. The org's policy (allowed addresses, token lifetimes) applies as to any
// other request of its members.
struct WebhookOwnerAnswer {
  bool exists = false;  // a namespace the caller may know of: their own, or an org they belong to
  std::string kind;     // user, org ("" when neither exists)
  bool may_read = false;
  bool may_manage = false;
  std::string reason;  // why not, when may_manage is false
};

WebhookOwnerAnswer decide_webhook_owner(std::string_view ns, const NamespaceFacts& facts,
                                        std::string_view client_address);

}  // namespace hub::auth

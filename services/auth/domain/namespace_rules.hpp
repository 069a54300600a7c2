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

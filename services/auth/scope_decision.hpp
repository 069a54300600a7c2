#pragma once
// What a caller may do with the thing a request is about — a repo, or an org's own endpoints — and
// which org policy binds them there: the answer the gateway caches per token and scope, and the one
// /internal/decide gives services. An unknown repo and an invisible one answer alike (role none).
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/access/org_policy.hpp"
#include "services/auth/decide.hpp"

namespace hub::auth {

struct ScopeKey {
  std::string repo_type;  // model, dataset, space; empty when the scope is the org `owner` itself
  std::string owner;      // the namespace
  std::string repo_name;
};

struct CallerToken {
  std::string user_id;
  std::string user_name;
  std::string kind;  // session, access
  std::string role;  // read, write, fineGrained
  std::string scoped_json;
};

struct ScopeDecision {
  Role role = Role::kNone;                  // on the repo (kNone for an org scope)
  std::string repo_id;                      // set when the caller may see the repo
  bool member = false;                      // the caller belongs to the org that owns the scope
  std::optional<access::OrgPolicy> policy;  // that org's, when the caller is a member and it restricts access
};

ScopeDecision decide_scope(pqxx::transaction_base& tx, const ScopeKey& scope, const std::optional<CallerToken>& caller);

}  // namespace hub::auth

#pragma once
// The reads a decision needs, each in one round trip: SQL only, in the caller's transaction. The
// decisions themselves are made in domain/ (decide.hpp, namespace_rules.hpp).
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/auth/domain/decide.hpp"
#include "services/auth/domain/namespace_rules.hpp"

namespace hub::auth {

// The repo the scope names (or the one that moved away from its path), the owning org and its
// policy, and `user_id`'s roles in both ("" for an anonymous caller).
ScopeFacts read_scope_facts(pqxx::transaction_base& tx, const ScopeKey& scope, const std::string& user_id);

// The live token `token_id` of `user_id`, and the org named `ns` with the user's role and its policy;
// nullopt when the token is not live.
std::optional<NamespaceFacts> read_namespace_facts(pqxx::transaction_base& tx, const std::string& token_id,
                                                   const std::string& user_id, const std::string& ns);

// A private repo in the user's own namespace or in one of its orgs, with the user's roles there.
struct PrivateRepoRow {
  std::string id;
  RepoFacts facts;
  std::string org_role;    // as stored, "" for none
  std::string group_role;  // as stored, "" for none
};
std::vector<PrivateRepoRow> private_repos_near(pqxx::transaction_base& tx, const std::string& user_id,
                                               const std::string& user_name);

}  // namespace hub::auth

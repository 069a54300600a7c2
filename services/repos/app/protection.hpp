#pragma once
// Branch protection and commit statuses: the rules a repo's admins set, and what CI reports back.
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/domain/protection_rules.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/commit_status.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

// The repo's protection document as stored, {"rules":[…]}.
std::string load_protection_document(service::Context& ctx, const std::string& repo_id);
// The same, parsed (a stored document that does not parse is an internal error).
std::vector<domain::ProtectionRule> load_protection(service::Context& ctx, const std::string& repo_id);
// The first rule protecting `branch` (a short name: main, release/v1), or nullopt; 400 for a name
// no branch can have.
std::optional<domain::ProtectionRule> protection_rule_for(service::Context& ctx, const std::string& repo_id,
                                                          const std::string& branch);
// Saves the rules with their repo.config event; returns the document as saved.
std::string save_protection(service::Context& ctx, const RepoRow& repo, const access::Identity& who,
                            const std::vector<domain::ProtectionRule>& rules);

// Records a status of one of the repo's commits (404 RevisionNotFound for another sha).
void record_status(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                   const std::string& sha, CommitStatus status);
std::vector<CommitStatus> statuses_of(service::Context& ctx, const std::string& repo_id, const std::string& sha);

}  // namespace hub::repos

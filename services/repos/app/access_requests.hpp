#pragma once
// Gated repos' access requests: a reader asks (accepted at once with `gated: auto`, waiting with
// `manual`), the repo's writers decide, list, or grant access to someone who never asked. Every
// change is an event (repo.access_request), which auth writes to the audit log. Users are looked up
// in auth before the transaction opens.
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/json/json.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/gating.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

// The repo's gate; 400 when it is not gated.
GateMode gate_of(const RepoRow& repo);

// The caller asks, with the fields the card's `extra_gated_fields` lists (400 for a missing one).
AccessStatus request_access(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                            const access::Identity& who, const json::Value* fields, std::string_view request_id);
// The caller withdraws a pending request; 404 when there is none.
void cancel_access_request(service::Context& ctx, const RepoRow& repo, const access::Identity& who);
// Oldest change first.
std::vector<AccessRow> access_requests(service::Context& ctx, const RepoRow& repo, AccessStatus status);
// A writer's decision on the request `user_name` made; 404 when there is none.
void decide_access_request(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                           const access::Identity& who, const std::string& user_name, AccessStatus status,
                           const std::optional<std::string>& reason, std::string_view request_id);
// A writer lets in `user_name`; 400 when the user has access already.
void grant_access(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                  const std::string& user_name, std::string_view request_id);

// The user's access to the repo, where its files are served.
std::optional<AccessStatus> access_of(service::Context& ctx, const std::string& repo_id, const std::string& user_id);

}  // namespace hub::repos

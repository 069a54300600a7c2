#pragma once
// What repos asks discussions (docs/architecture.md, "Who calls whom"): the thread of a pull request
// repos opened for a commit with create_pr=1 (discussions has pulls open its review record; neither
// calls repos back). Never inside a transaction.
#include <cstdint>
#include <string>

#include "common/access/identity.hpp"
#include "common/service/peer.hpp"
#include "services/repos/app/commits.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

// 503 when discussions cannot answer.
void open_pull_request_thread(const service::Peer& discussions, const RepoRow& repo, const access::Identity& author,
                              std::int64_t num, const std::string& base_ref, const CommitMade& commit,
                              const std::string& request_id);

}  // namespace hub::repos

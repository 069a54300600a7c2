#pragma once
// What discussions asks repos (docs/architecture.md, "Who calls whom"): the repo's next #N, the
// sequence discussions, pull requests and bug reports share. Never inside a transaction.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/service/peer.hpp"

namespace hub::discussions {

// 404 RepoNotFound for a repo repos no longer has; 503 when repos cannot answer.
std::int64_t next_number(const service::Peer& repos, const std::string& repo_id, std::string_view request_id);

}  // namespace hub::discussions

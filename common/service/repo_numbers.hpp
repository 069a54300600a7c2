#pragma once
// A repo's next #N (POST /internal/repos/{id}/numbers at repos): the one sequence discussions, pull
// requests and bug reports share, so `#N` names one thing. Never inside a transaction.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/service/peer.hpp"

namespace hub::service {

// 404 RepoNotFound for a repo repos no longer has; 503 when repos cannot answer.
std::int64_t next_repo_number(const Peer& repos, const std::string& repo_id, std::string_view request_id);

}  // namespace hub::service

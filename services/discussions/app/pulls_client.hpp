#pragma once
// What discussions asks pulls (docs/architecture.md, "Who calls whom"): open a pull request's review
// record for a number, which also has repos create refs/pr/N (at the head of `start`, a branch, or
// of the base) unless repos made it already (`head_sha`). Never inside a transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/access/identity.hpp"
#include "common/domain/repo_place.hpp"
#include "common/service/peer.hpp"

namespace hub::discussions {

struct PullOpening {
  std::int64_t num = 0;
  std::string base = "main";
  std::string start;     // a branch of the repo, or "" for the base
  std::string head_sha;  // refs/pr/N exists already at this commit
};
// The commit refs/pr/N points at. Repos' and pulls' refusals come back as they are (404 for a
// branch the repo lacks); 503 when pulls cannot answer.
std::string open_pull(const service::Peer& pulls, const domain::RepoPlace& place, const access::Identity& author,
                      const PullOpening& opening, std::string_view request_id);

// The files a pull request's head conflicts on with its base now (pulls asks repos for a dry-run
// merge); nullopt when that cannot be known (pulls or repos down: the thread still reads).
std::optional<std::vector<std::string>> conflicting_files(const service::Peer& pulls, const std::string& repo_id,
                                                          std::int64_t num, std::string_view request_id);

}  // namespace hub::discussions

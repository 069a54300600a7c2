#pragma once
// What pulls asks discussions, which owns a pull request's thread: its status, title, author and
// description, and recording its merge (at once, so the next read shows it; the pull.merged event
// repairs a call that failed).
#include <cstdint>
#include <optional>
#include <string>

#include "common/access/identity.hpp"
#include "common/domain/repo_place.hpp"
#include "common/service/peer.hpp"

namespace hub::pulls {

struct ThreadInfo {
  bool is_pull_request = false;
  std::string status;  // open, closed, merged, draft
  std::string title;
  std::string author_id;
  std::string author_name;
  std::string description;  // "" when none (or hidden)
};
// nullopt when the repo has no thread of that number.
std::optional<ThreadInfo> thread_info(const service::Peer& discussions, const std::string& repo_id, std::int64_t num,
                                      const std::string& request_id);

// `comment` ("" for none) is posted in the thread with the merge.
void mark_merged(const service::Peer& discussions, const domain::RepoPlace& place, std::int64_t num,
                 const std::string& merge_commit, const access::Identity& actor, const std::string& comment,
                 const std::string& request_id);

}  // namespace hub::pulls

#pragma once
// Opening a pull request's review record, and finding it. The thread is discussions' (which calls
// this when a pull request is opened, before it stores the thread); refs/pr/N is repos' (asked
// here to create it, unless it exists already because a commit with create_pr=1 made it).
#include <cstdint>
#include <string>

#include "common/access/identity.hpp"
#include "common/domain/repo_place.hpp"
#include "common/service/service.hpp"
#include "services/pulls/app/peers.hpp"
#include "services/pulls/domain/review.hpp"

namespace hub::pulls {

struct OpenPull {
  std::int64_t num = 0;
  std::string repo_type;  // model, dataset, space: for the sync of its commits into the thread
  std::string repo_name;  // namespace/name
  access::Identity author;
  std::string base_branch = "main";
  std::string start;     // a branch or sha refs/pr/N starts at ("": the base's head)…
  std::string head_sha;  // …or the commit it already points at (repos made it)
};
// The record, created once: the same answer again for a number already opened.
PullRow open_pull(service::Context& ctx, const Peers& peers, const std::string& repo_id, const OpenPull& open,
                  const std::string& request_id);

// 404 for a number that is not a pull request of the repo.
PullRow require_pull(service::Context& ctx, const std::string& repo_id, std::int64_t num);

// refs/pr/N
std::string pull_ref(std::int64_t num);

}  // namespace hub::pulls

#pragma once
// Whether a pull request may merge now, and merging it: the gates of the base's protection read
// against live facts (the head and base as repos has them, the reviews, who may write as auth says,
// the statuses, a dry-run merge), then the merge through repos with compare-and-swap on the very
// base the gates were read against, so a push in between fails the merge instead of slipping in.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/access/identity.hpp"
#include "common/domain/repo_place.hpp"
#include "common/service/service.hpp"
#include "services/pulls/app/peers.hpp"
#include "services/pulls/domain/gates.hpp"

namespace hub::pulls {

struct Mergeability {
  std::string base_ref;
  std::string base_sha;
  std::string head_sha;
  bool fast_forward = false;  // the base is an ancestor of the head
  std::optional<domain::ProtectionRule> rule;
  std::vector<UnmetGate> unmet;
  bool mergeable() const { return unmet.empty(); }
};
Mergeability mergeability(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place, std::int64_t num,
                          const std::string& request_id);

// The files the pull request's head conflicts on with its base now (for its thread's details).
std::vector<std::string> conflicts_now(service::Context& ctx, const Peers& peers, const std::string& repo_id,
                                       std::int64_t num, const std::string& request_id);

struct MergeRequestBody {
  std::string strategy = "merge";  // merge, squash, fast-forward
  std::string comment;             // "" for none
};
struct Merged {
  std::string merge_commit;
};
// 409 with the unmet gates (MergeRefused) when it may not merge.
struct MergeRefused {
  std::string message;
  std::vector<UnmetGate> unmet;
};
std::variant<Merged, MergeRefused> merge_pull(service::Context& ctx, const Peers& peers, const domain::RepoPlace& place,
                                              std::int64_t num, const access::Identity* who,
                                              const MergeRequestBody& request, const std::string& request_id);

}  // namespace hub::pulls

#pragma once
// What pulls asks repos, the only service that reads and writes git (its /internal/ endpoints).
// Each call throws ApiError: repos' own refusals passed on, 503 when repos cannot answer.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/domain/protection_rules.hpp"
#include "common/json/json.hpp"
#include "common/service/peer.hpp"
#include "services/pulls/domain/gates.hpp"

namespace hub::pulls {

// Creates refs/pr/N at the commit `revision` names (a branch or a sha): its sha. 409 when the ref
// exists already.
std::string create_pull_ref(const service::Peer& repos, const std::string& repo_id, std::int64_t num,
                            const std::string& revision, const access::Identity& actor, const std::string& request_id);

// Two revisions as commit shas, whether the first is an ancestor of the second, and their merge
// base ("" for unrelated histories).
struct RevisionPair {
  std::string base, head;
  bool base_in_head = false;
  std::string merge_base;
};
RevisionPair resolve_pair(const service::Peer& repos, const std::string& repo_id, const std::string& base,
                          const std::string& head, const std::string& request_id);

// Repos' answers, as JSON, for the API to pass on in its own shape.
json::Document changed_files(const service::Peer& repos, const std::string& repo_id, const std::string& base,
                             const std::string& head, std::int64_t limit, const std::string& after,
                             const std::string& request_id);
json::Document file_patch(const service::Peer& repos, const std::string& repo_id, const std::string& base,
                          const std::string& head, const std::string& path, std::int64_t offset, std::int64_t limit,
                          const std::string& request_id);
json::Document lfs_tensors(const service::Peer& repos, const std::string& repo_id, const std::string& oid,
                           const std::string& request_id);
// The commits on head and not on base, newest first: {id, title, message}.
struct CommitSummary {
  std::string id, title, message, author;
};
std::vector<CommitSummary> pull_commits(const service::Peer& repos, const std::string& repo_id, const std::string& base,
                                        const std::string& head, const std::string& request_id);

// A file's bytes as git holds them at a revision (an LFS pointer stays a pointer); nullopt when the
// revision has no such file. 413 past `max` bytes.
std::optional<std::string> file_at(const service::Peer& repos, const std::string& repo_id, const std::string& rev,
                                   const std::string& path, std::int64_t max, const std::string& request_id);

// The protection rule of a branch (its short name), or nullopt.
std::optional<domain::ProtectionRule> protection_of(const service::Peer& repos, const std::string& repo_id,
                                                    const std::string& branch, const std::string& request_id);

// Every context's latest status on a commit, with its metrics.
std::vector<StatusFacts> statuses_of(const service::Peer& repos, const std::string& repo_id, const std::string& sha,
                                     const std::string& request_id);

struct MergeTry {
  bool mergeable = false;
  std::vector<std::string> conflicts;
  bool fast_forward = false;
  std::string base_sha;
  std::string commit;  // the merge commit (a real merge only)
};
// Whether head merges into the base branch now, writing nothing.
MergeTry try_merge(const service::Peer& repos, const std::string& repo_id, const std::string& base_ref,
                   const std::string& head, const std::string& request_id);
// The merge, with compare-and-swap on the base: 409 when the base moved or the files conflict.
MergeTry merge(const service::Peer& repos, const std::string& repo_id, const std::string& base_ref,
               const std::string& expected_base, const std::string& head, const std::string& strategy,
               const std::string& message, const access::Identity& actor, const std::string& request_id);

}  // namespace hub::pulls

#pragma once
// Branches, tags and the commit history: every ref change is a compare-and-swap in git (through
// git/) followed by its repo.content event in the database. The ref moves first: git is the truth
// about refs, and a crash before the event is repaired by `hub-repos admin reindex`.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/git_objects.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

Refs list_refs(const ReposConfig& config, const RepoRow& repo);

// A branch's full ref from the name a client gives; 400 for refs/…, HEAD or an invalid name.
std::string branch_ref_of(std::string_view name);
// A new tag's full ref; 400 for refs/… or an invalid name.
std::string tag_ref_of(std::string_view tag);
// An existing tag's full ref (any name git accepts); 400 for an invalid one.
std::string existing_tag_ref(std::string_view tag);

struct CreateBranch {
  std::string ref;                   // refs/heads/…
  std::optional<std::string> start;  // a revision; main when unset
  bool empty = false;                // a branch with no commit
  bool overwrite = false;            // move an existing branch
};
void create_branch(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                   const CreateBranch& command);
void delete_branch(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                   const std::string& ref);

struct CreateTag {
  std::string ref;  // refs/tags/…
  std::string revision;
  std::string message;  // "" for a lightweight tag
};
void create_tag(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                const CreateTag& command);
void delete_tag(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                const std::string& ref);

// The commit a revision names; 404 RevisionNotFound for none.
std::string resolve_revision(const ReposConfig& config, const RepoRow& repo, const std::string& revision);

struct CommitPage {
  std::vector<CommitInfo> commits;
  std::size_t total = 0;  // commits reachable from the revision
};
CommitPage commit_log(const ReposConfig& config, const RepoRow& repo, const std::string& commit, std::size_t skip,
                      std::size_t limit);

}  // namespace hub::repos

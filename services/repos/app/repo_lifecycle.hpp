#pragma once
// The repo lifecycle's use cases: create, delete, move, change settings. Each is a short sequence
// of steps, ordered so that no network call happens while a database transaction is open and a
// crash between two steps leaves something the existing repairs handle:
//
//   - The repos row (schema repos) is the source of truth about a repo. Its transaction also writes
//     the event (repo.created / deleted / moved / updated) to the outbox.
//   - Auth's registry is a copy, kept for its decisions: told synchronously after the commit
//     (register_repo), and repaired from the events by auth's reconciler when that call is lost.
//     Loosening visibility waits for the commit; tightening it (public -> private) is told to auth
//     before the commit, so the copy is never more open than the truth.
//   - The git data on disk is written before the row exists (a crash leaves a folder without a row,
//     which `hub-repos admin reindex` reports and removes) and removed after the row is gone.
#include <optional>
#include <string>
#include <vector>

#include "common/access/identity.hpp"
#include "common/domain/repo_type.hpp"
#include "common/service/service.hpp"
#include "services/repos/config.hpp"
#include "services/repos/domain/git_objects.hpp"
#include "services/repos/domain/repo.hpp"

namespace hub::repos {

struct CreateRepo {
  domain::RepoType type = domain::RepoType::kModel;
  std::string ns;  // a user's or an org's name
  std::string name;
  std::optional<std::string> sdk;  // spaces only
  std::optional<bool> is_private;  // nullopt: the namespace's default visibility
  std::vector<Change> files;       // the first commit's files
};

// 404 for a namespace that is not the caller's or one of its orgs', 403 when it may not create there,
// 409 when the name is taken.
RepoRow create_repo(service::Context& ctx, const ReposConfig& config, const access::Identity& who,
                    const CreateRepo& command, std::string_view request_id);

// A repo named in a request body rather than its path, with the caller's role on it (asked of auth).
struct NamedRepo {
  RepoRow row;
  access::Role role = access::Role::kNone;
};
// 404 RepoNotFound when the caller may not see it or it does not exist.
NamedRepo find_named_repo(service::Context& ctx, const ReposConfig& config, const access::Identity& who,
                          domain::RepoType type, const std::string& ns, const std::string& name,
                          std::string_view request_id);

// Needs the admin role on the repo.
void delete_repo(service::Context& ctx, const ReposConfig& config, const access::Identity& who, const NamedRepo& target,
                 std::string_view request_id);

// Needs the admin role on the repo, and the right to create in the new namespace when it changes.
// 409 when the new name is taken.
void move_repo(service::Context& ctx, const ReposConfig& config, const access::Identity& who, const NamedRepo& target,
               const std::string& new_ns, const std::string& new_name, std::string_view request_id);

struct SettingsChange {
  std::optional<bool> is_private;
  std::optional<std::string> gated;  // "false", "auto" or "manual"
};
// The repo as it is after the change (the caller holds the admin role, checked by the route).
RepoRow update_settings(service::Context& ctx, const ReposConfig& config, const access::Identity& who, RepoRow repo,
                        const SettingsChange& change, std::string_view request_id);

}  // namespace hub::repos

#include "services/repos/app/repo_lifecycle.hpp"

#include <filesystem>

#include "common/db/transaction.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"
#include "common/util/uuid.hpp"
#include "services/repos/app/auth_client.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/domain/formats.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/repo_store.hpp"

namespace hub::repos {
namespace {

void remove_git_dir(const ReposConfig& config, const std::string& id) {
  std::error_code ec;
  std::filesystem::remove_all(config.git_path(id), ec);
  if (ec) log::warn("could not remove a repo's git data", {{"repo", id}, {"error", ec.message()}});
}

// Auth's copy of the registry after the truth changed: a lost call is repaired by auth's reconciler
// from the event the same transaction wrote, so the request does not fail for it.
void tell_auth_after_commit(const ReposConfig& config, const RepoRow& repo, std::string_view request_id) {
  try {
    register_repo(*config.auth, repo, request_id);
  } catch (const std::exception& e) {
    log::warn("auth's registry not told; its reconciler will apply the event",
              {{"repo", repo.id}, {"error", e.what()}, {"requestId", std::string(request_id)}});
  }
}

void check_may_create(const ReposConfig& config, const access::Identity& who, const std::string& ns,
                      std::string_view request_id) {
  const NamespaceAccess access = namespace_access(*config.auth, who, ns, request_id);
  if (!access.exists) throw ApiError(ErrorCode::kNotFound, "no user or organization named " + ns + " of yours");
  if (!access.may_create) throw ApiError(ErrorCode::kForbidden, access.reason);
}

}  // namespace

RepoRow create_repo(service::Context& ctx, const ReposConfig& config, const access::Identity& who,
                    const CreateRepo& command, std::string_view request_id) {
  const NamespaceAccess access = namespace_access(*config.auth, who, command.ns, request_id);
  if (!access.exists) {
    throw ApiError(ErrorCode::kNotFound, "no user or organization named " + command.ns + " of yours");
  }
  if (!access.may_create) throw ApiError(ErrorCode::kForbidden, access.reason);

  RepoRow repo;
  repo.id = util::uuid4();
  repo.type = std::string(domain::type_name(command.type));
  repo.ns = command.ns;
  repo.name = command.name;
  repo.is_private = command.is_private.value_or(access.default_visibility == "private");
  repo.creator_id = who.user_id;
  repo.creator_name = who.user_name;
  if (command.type == domain::RepoType::kSpace) repo.sdk = command.sdk.value_or("static");
  const std::string taken = "You already created this " + repo.type + " repo: " + repo.full_name();
  // 1. The git data, named by the new id: nothing points at it until the row exists.
  try {
    if (db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_repo(tx, repo.type, repo.ns, repo.name); })) {
      throw ApiError(ErrorCode::kConflict, taken);
    }
    GitRepo::create(config.git_path(repo.id), command.files, who.user_name, author_email(who.user_name));
    repo.head_sha = GitRepo(config.git_path(repo.id)).resolve("main").value_or("");
    // 2. The row and its event, together: from here on the repo exists.
    db::transact(ctx.db, [&](pqxx::work& tx) {
      try {
        insert_repo(tx, repo);
      } catch (const pqxx::unique_violation&) {
        throw ApiError(ErrorCode::kConflict, taken);
      }
      emit(tx, events::RepoCreated{repo.is_private, repo.creator_id}, repo, &who);
    });
  } catch (...) {
    remove_git_dir(config, repo.id);
    throw;
  }
  // 3. Auth's copy, so the creator can reach the repo at once.
  tell_auth_after_commit(config, repo, request_id);
  log::info("repo created", {{"repo", repo.id}, {"name", repo.full_name()}, {"requestId", std::string(request_id)}});
  return repo;
}

NamedRepo find_named_repo(service::Context& ctx, const ReposConfig& config, const access::Identity& who,
                          domain::RepoType type, const std::string& ns, const std::string& name,
                          std::string_view request_id) {
  const RepoDecision d = decide(*config.auth, who, domain::type_name(type), ns, name, request_id);
  if (d.role == access::Role::kNone || d.repo_id.empty()) {
    throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  }
  auto row = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_repo_by_id(tx, d.repo_id); });
  if (!row) throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  return NamedRepo{*row, d.role};
}

void delete_repo(service::Context& ctx, const ReposConfig& config, const access::Identity& who, const NamedRepo& target,
                 std::string_view request_id) {
  if (target.role < access::Role::kAdmin) {
    throw ApiError(ErrorCode::kForbidden, "deleting a repo needs the admin role on it");
  }
  // 1. The row and its event: from here on the repo is gone (repos answers 404 for it).
  db::transact(ctx.db, [&](pqxx::work& tx) {
    delete_repo_row(tx, target.row.id);
    emit(tx, events::RepoDeleted{events::Audit{"repo.delete", target.row.full_name(), std::nullopt, ""}}, target.row,
         &who);
  });
  // 2. Auth's copy (the event's tombstone repairs a lost call), then 3. the git data, once nothing
  // points at it any more; LFS objects wait for collection.
  try {
    unregister_repo(*config.auth, target.row.id, request_id);
  } catch (const std::exception& e) {
    log::warn("auth's registry not told; its reconciler will apply the event",
              {{"repo", target.row.id}, {"error", e.what()}, {"requestId", std::string(request_id)}});
  }
  remove_git_dir(config, target.row.id);
  log::info("repo deleted", {{"repo", target.row.id}, {"requestId", std::string(request_id)}});
}

void move_repo(service::Context& ctx, const ReposConfig& config, const access::Identity& who, const NamedRepo& target,
               const std::string& new_ns, const std::string& new_name, std::string_view request_id) {
  if (target.role < access::Role::kAdmin) {
    throw ApiError(ErrorCode::kForbidden, "moving a repo needs the admin role on it");
  }
  if (!util::iequals(new_ns, target.row.ns)) check_may_create(config, who, new_ns, request_id);
  RepoRow moved = target.row;
  moved.ns = new_ns;
  moved.name = new_name;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    try {
      rename_repo(tx, moved.id, new_ns, new_name);
    } catch (const pqxx::unique_violation&) {
      throw ApiError(ErrorCode::kConflict, "a repo named " + moved.full_name() + " already exists");
    }
    // The old path keeps answering: auth remembers it when the registry learns the move, and
    // decides it about this repo, which redirects (api/request_checks.cpp).
    emit(tx,
         events::RepoMoved{moved.is_private, moved.creator_id, target.row.full_name(),
                           events::Audit{"repo.move", target.row.full_name(), std::nullopt, ""}},
         moved, &who);
  });
  tell_auth_after_commit(config, moved, request_id);
}

RepoRow update_settings(service::Context& ctx, const ReposConfig& config, const access::Identity& who, RepoRow repo,
                        const SettingsChange& change, std::string_view request_id) {
  const RepoRow before = repo;
  const bool visibility_changed = change.is_private && *change.is_private != repo.is_private;
  const bool gate_changed = change.gated && *change.gated != repo.gated;
  if (change.is_private) repo.is_private = *change.is_private;
  if (change.gated) repo.gated = *change.gated;
  // Made private: auth's copy first, so it is never more open than the truth. Should the commit then
  // fail, the copy is put back (and is only stricter than the truth meanwhile).
  const bool tightening = visibility_changed && repo.is_private;
  if (tightening) register_repo(*config.auth, repo, request_id);
  try {
    db::transact(ctx.db, [&](pqxx::work& tx) {
      store_settings(tx, repo.id, repo.is_private, repo.gated);
      events::RepoUpdated updated{repo.is_private, repo.creator_id, std::nullopt};
      if (visibility_changed) {
        updated.audit = events::Audit{"repo.visibility.update", std::nullopt, std::nullopt,
                                      std::string(R"({"private":)") + (repo.is_private ? "true" : "false") + "}"};
      }
      emit(tx, updated, repo, &who);
      events::RepoConfigChanged changed;
      changed.is_private = repo.is_private;
      changed.gated = repo.gated;
      if (gate_changed) {
        const std::string gate = repo.gated == "false" ? "false" : json::quote(repo.gated);
        changed.audit = events::Audit{"repo.gating.update", std::nullopt, std::nullopt, R"({"gated":)" + gate + "}"};
      }
      emit(tx, changed, repo, &who);
    });
  } catch (...) {
    if (tightening) tell_auth_after_commit(config, before, request_id);
    throw;
  }
  // Made public: auth's copy after the commit (stricter than the truth until then).
  if (visibility_changed && !repo.is_private) tell_auth_after_commit(config, repo, request_id);
  return repo;
}

}  // namespace hub::repos

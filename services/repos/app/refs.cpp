#include "services/repos/app/refs.hpp"

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "services/repos/app/protection.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/domain/formats.hpp"
#include "services/repos/git/git_repo.hpp"

namespace hub::repos {
namespace {

// 403 when the repo's protection forbids this change of a ref by the caller.
void check_protection(service::Context& ctx, const RepoRow& repo, const access::Identity& who,
                      const domain::RefChange& change) {
  if (auto refusal = protection_refusal(load_protection(ctx, repo.id), change, who.role)) {
    throw ApiError(ErrorCode::kForbidden, *refusal);
  }
}

void record(service::Context& ctx, const RepoRow& repo, const access::Identity& who, RefUpdate update) {
  db::transact(ctx.db, [&](pqxx::work& tx) { record_ref_updates(tx, repo, &who, {std::move(update)}); });
}

}  // namespace

Refs list_refs(const ReposConfig& config, const RepoRow& repo) {
  return GitRepo(config.git_path(repo.id)).refs();
}

std::string branch_ref_of(std::string_view name) {
  if (name.empty() || name.starts_with("refs/") || name == "HEAD") {
    throw ApiError(ErrorCode::kBadRequest, "invalid branch name: " + util::header_safe(name, 100));
  }
  std::string ref = "refs/heads/" + std::string(name);
  if (!valid_ref_name(ref)) {
    throw ApiError(ErrorCode::kBadRequest, "invalid branch name: " + util::header_safe(name, 100));
  }
  return ref;
}

std::string tag_ref_of(std::string_view tag) {
  std::string ref = "refs/tags/" + std::string(tag);
  if (tag.empty() || tag.starts_with("refs/") || !valid_ref_name(ref)) {
    throw ApiError(ErrorCode::kBadRequest, "invalid tag name: " + util::header_safe(tag, 100));
  }
  return ref;
}

std::string existing_tag_ref(std::string_view tag) {
  std::string ref = "refs/tags/" + std::string(tag);
  if (!valid_ref_name(ref)) throw ApiError(ErrorCode::kBadRequest, "invalid tag name");
  return ref;
}

void create_branch(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                   const CreateBranch& command) {
  GitRepo git(config.git_path(repo.id));
  std::optional<std::string> target;
  if (!command.empty) {
    target = git.resolve(command.start.value_or("main"));
    if (!target) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + command.start.value_or("main"));
  }
  const std::string& ref = command.ref;
  const std::string old = git.resolve(ref).value_or("");
  if (!old.empty() && !command.overwrite) throw ApiError(ErrorCode::kConflict, "Reference already exists: " + ref);
  if (old.empty()) {
    check_protection(ctx, repo, who, domain::RefChange{ref, true, false, true});
    git.create_ref(ref, target, who.user_name, author_email(who.user_name));
  } else {
    if (!target) throw ApiError(ErrorCode::kBadRequest, "an empty branch cannot overwrite an existing one");
    check_protection(ctx, repo, who, domain::RefChange{ref, false, false, git.fast_forward(old, *target)});
    git.update_ref(ref, old, *target);
  }
  record(ctx, repo, who, {ref, old, git.resolve(ref).value_or("")});
}

void delete_branch(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                   const std::string& ref) {
  if (ref == "refs/heads/main") throw ApiError(ErrorCode::kBadRequest, "the default branch cannot be deleted");
  GitRepo git(config.git_path(repo.id));
  const auto old = git.resolve(ref);
  if (!old) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + ref.substr(11));
  check_protection(ctx, repo, who, domain::RefChange{ref, false, true, false});
  git.update_ref(ref, *old, "");
  record(ctx, repo, who, {ref, *old, ""});
}

void create_tag(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                const CreateTag& command) {
  GitRepo git(config.git_path(repo.id));
  auto commit = git.resolve(command.revision);
  if (!commit) {
    throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(command.revision, 200));
  }
  const std::string tag = command.ref.substr(std::string_view("refs/tags/").size());
  git.create_tag(tag, *commit, command.message, who.user_name, author_email(who.user_name));
  record(ctx, repo, who, {command.ref, "", *commit});
}

void delete_tag(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                const std::string& ref) {
  GitRepo git(config.git_path(repo.id));
  auto old = git.resolve(ref);
  if (!old) throw ApiError(ErrorCode::kRevisionNotFound, "no such tag");
  git.update_ref(ref, *old, "");  // compares the commit it peels to, tag object or not
  record(ctx, repo, who, {ref, *old, ""});
}

std::string resolve_revision(const ReposConfig& config, const RepoRow& repo, const std::string& revision) {
  auto commit = GitRepo(config.git_path(repo.id)).resolve(revision);
  if (!commit) throw ApiError(ErrorCode::kRevisionNotFound, "Invalid rev id: " + util::header_safe(revision, 200));
  return *commit;
}

CommitPage commit_log(const ReposConfig& config, const RepoRow& repo, const std::string& commit, std::size_t skip,
                      std::size_t limit) {
  GitRepo git(config.git_path(repo.id));
  CommitPage page;
  page.total = git.count(commit);
  page.commits = git.log(commit, skip, limit);
  return page;
}

}  // namespace hub::repos

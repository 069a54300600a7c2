#include "services/repos/app/protection.hpp"

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/repo_store.hpp"
#include "services/repos/store/status_store.hpp"

namespace hub::repos {

std::string load_protection_document(service::Context& ctx, const std::string& repo_id) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return protection_document(tx, repo_id); });
}

std::vector<domain::ProtectionRule> load_protection(service::Context& ctx, const std::string& repo_id) {
  auto parsed = json::parse_object(load_protection_document(ctx, repo_id));
  if (!parsed) throw ApiError(ErrorCode::kInternal, "internal error", "stored protection is not JSON");
  return domain::parse_protection(parsed.value()).or_throw(ErrorCode::kInternal);
}

std::optional<domain::ProtectionRule> protection_rule_for(service::Context& ctx, const std::string& repo_id,
                                                          const std::string& branch) {
  if (branch.empty() || branch.size() > 255 || !valid_ref_name("refs/heads/" + branch)) {
    throw ApiError(ErrorCode::kBadRequest, "branch is a branch name (main, release/v1)");
  }
  const std::vector<domain::ProtectionRule> rules = load_protection(ctx, repo_id);
  const domain::ProtectionRule* rule = domain::rule_for(rules, branch);
  if (rule == nullptr) return std::nullopt;
  return *rule;
}

std::string save_protection(service::Context& ctx, const RepoRow& repo, const access::Identity& who,
                            const std::vector<domain::ProtectionRule>& rules) {
  std::string doc = domain::protection_json(rules);
  db::transact(ctx.db, [&](pqxx::work& tx) {
    store_protection(tx, repo.id, doc);
    events::RepoConfigChanged changed;
    changed.protection_json = doc;
    changed.audit = events::Audit{"repo.protection.update", repo.full_name(), who.client_address, ""};
    emit(tx, changed, repo, &who);
  });
  return doc;
}

void record_status(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                   const std::string& sha, CommitStatus status) {
  GitRepo git(config.git_path(repo.id));
  if (sha.size() != 40 || git.resolve(sha) != sha) {
    throw ApiError(ErrorCode::kRevisionNotFound, "no commit " + util::header_safe(sha, 64));
  }
  status.creator = who.user_name;
  db::transact(ctx.db, [&](pqxx::work& tx) {
    insert_status(tx, repo.id, sha, status, who.user_id);
    emit(tx, events::RepoStatus{sha, status.context, status.state}, repo, &who);
  });
}

std::vector<CommitStatus> statuses_of(service::Context& ctx, const std::string& repo_id, const std::string& sha) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return latest_statuses(tx, repo_id, sha); });
}

}  // namespace hub::repos

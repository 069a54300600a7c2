#include "services/repos/app/access_requests.hpp"

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "services/repos/app/auth_client.hpp"
#include "services/repos/app/card_reader.hpp"
#include "services/repos/app/repo_events.hpp"
#include "services/repos/git/git_repo.hpp"
#include "services/repos/store/access_store.hpp"

namespace hub::repos {
namespace {

constexpr std::size_t kMaxFields = 64 * 1024;  // what a requester's answers may take

// The event and audit entry of one change to a user's access.
void record(pqxx::work& tx, const RepoRow& repo, const access::Identity& actor, std::string_view action,
            const UserRef& user, AccessStatus status) {
  const std::string status_name(access_status_name(status));
  json::Writer details;
  details.begin_object().field("user", user.name).field("status", status_name).end_object();
  emit(tx,
       events::RepoAccessRequest{user.name, user.id, status_name,
                                 events::Audit{std::string(action), repo.full_name(), std::nullopt, details.str()}},
       repo, &actor);
}

UserRef named_user(const ReposConfig& config, const std::string& name, std::string_view request_id) {
  auto user = lookup_user(*config.auth, name, true, request_id);
  if (!user) throw ApiError(ErrorCode::kNotFound, "no user named " + util::header_safe(name, 100));
  return *user;
}

}  // namespace

GateMode gate_of(const RepoRow& repo) {
  const auto mode = parse_gate_mode(repo.gated).value_or(GateMode::kOff);
  if (mode == GateMode::kOff) throw ApiError(ErrorCode::kBadRequest, "this repo is not gated");
  return mode;
}

AccessStatus request_access(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                            const access::Identity& who, const json::Value* fields, std::string_view request_id) {
  const GateMode mode = gate_of(repo);
  {
    GitRepo git(config.git_path(repo.id));
    if (auto main = git.resolve("main")) {
      if (json::Document card; read_card(git, *main, card)) {
        if (auto missing = missing_field(requested_fields(card), fields)) {
          throw ApiError(ErrorCode::kBadRequest, "the repo's owners ask for '" + *missing + "'");
        }
      }
    }
  }
  std::string fields_json = "{}";
  if (fields != nullptr) {
    json::Writer w;
    w.raw_value(*fields);
    fields_json = w.str();
    if (fields_json.size() > kMaxFields) throw ApiError(ErrorCode::kBadRequest, "the fields take 64 KiB at most");
  }
  // Asked before the transaction: no peer call while it is open.
  auto me = lookup_user(*config.auth, who.user_id, false, request_id);
  if (!me) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    const auto existing = lock_access(tx, repo.id, me->id);
    const AccessStatus next = status_after_request(mode, existing);
    if (existing == next) return next;  // asking again changes nothing
    put_access(tx, repo.id, me->id, me->name, me->fullname, next, fields_json, std::nullopt, std::nullopt);
    record(tx, repo, who,
           next == AccessStatus::kAccepted ? "repo.access_request.auto_accept" : "repo.access_request.create", *me,
           next);
    return next;
  });
}

void cancel_access_request(service::Context& ctx, const RepoRow& repo, const access::Identity& who) {
  gate_of(repo);
  const bool removed = db::transact(ctx.db, [&](pqxx::work& tx) {
    if (lock_access(tx, repo.id, who.user_id) != AccessStatus::kPending) return false;
    remove_access(tx, repo.id, who.user_id);
    record(tx, repo, who, "repo.access_request.cancel", UserRef{who.user_id, who.user_name, ""},
           AccessStatus::kPending);
    return true;
  });
  if (!removed) throw ApiError(ErrorCode::kNotFound, "No pending access request found for this repo and this user");
}

std::vector<AccessRow> access_requests(service::Context& ctx, const RepoRow& repo, AccessStatus status) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return list_access(tx, repo.id, status); });
}

void decide_access_request(service::Context& ctx, const ReposConfig& config, const RepoRow& repo,
                           const access::Identity& who, const std::string& user_name, AccessStatus status,
                           const std::optional<std::string>& reason, std::string_view request_id) {
  const UserRef user = named_user(config, user_name, request_id);
  const bool found = db::transact(ctx.db, [&](pqxx::work& tx) {
    auto existing = lock_access(tx, repo.id, user.id);
    if (!existing) return false;
    if (*existing == status) return true;
    decide_access(tx, repo.id, user.id, user.name, user.fullname, status, who.user_name, reason);
    record(tx, repo, who, std::string("repo.access_request.") + std::string(access_status_name(status)), user, status);
    return true;
  });
  if (!found) throw ApiError(ErrorCode::kNotFound, "no access request from " + user.name + " for this repo");
}

void grant_access(service::Context& ctx, const ReposConfig& config, const RepoRow& repo, const access::Identity& who,
                  const std::string& user_name, std::string_view request_id) {
  const UserRef user = named_user(config, user_name, request_id);
  const bool granted = db::transact(ctx.db, [&](pqxx::work& tx) {
    if (lock_access(tx, repo.id, user.id) == AccessStatus::kAccepted) return false;
    put_access(tx, repo.id, user.id, user.name, user.fullname, AccessStatus::kAccepted, "{}", who.user_name,
               std::nullopt);
    record(tx, repo, who, "repo.access_request.grant", user, AccessStatus::kAccepted);
    return true;
  });
  if (!granted) throw ApiError(ErrorCode::kBadRequest, user.name + " already has access to this repo");
}

std::optional<AccessStatus> access_of(service::Context& ctx, const std::string& repo_id, const std::string& user_id) {
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return access_status(tx, repo_id, user_id); });
}

}  // namespace hub::repos

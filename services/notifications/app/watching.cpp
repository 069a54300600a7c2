#include "services/notifications/app/watching.hpp"

#include "common/db/transaction.hpp"
#include "common/domain/names.hpp"
#include "common/error/api_error.hpp"
#include "services/notifications/store/watch_store.hpp"

namespace hub::notifications {
namespace {

const access::Identity& signed_in(const access::Identity* caller) {
  if (caller == nullptr || caller->anonymous()) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  return *caller;
}

// The gateway refused whoever may not read the repo already; this says so again, where it matters.
const access::Identity& reader_of(const access::Identity* caller, const domain::RepoPlace& place) {
  const access::Identity& who = signed_in(caller);
  if (who.role < access::Role::kRead || who.repo_id.empty() || who.repo_id != place.repo_id) {
    throw ApiError(ErrorCode::kRepoNotFound, "Repository not found");
  }
  return who;
}

const access::Identity& watcher_of(const access::Identity* caller, const std::string& org) {
  const access::Identity& who = signed_in(caller);
  if (!domain::check_namespace(org)) throw ApiError(ErrorCode::kNotFound, "no such organization");
  return who;
}

EffectiveLevel repo_level_now(pqxx::transaction_base& tx, const std::string& user_id, const domain::RepoPlace& place) {
  return effective_level(repo_level(tx, user_id, place.repo_id), namespace_level(tx, user_id, place.ns));
}

EffectiveLevel org_level_now(pqxx::transaction_base& tx, const std::string& user_id, const std::string& org) {
  auto level = namespace_level(tx, user_id, org);
  return level ? EffectiveLevel{*level, WatchSource::kOrganization} : EffectiveLevel{};
}

}  // namespace

EffectiveLevel repo_subscription(service::Context& ctx, const access::Identity* caller,
                                 const domain::RepoPlace& place) {
  const auto& who = reader_of(caller, place);
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return repo_level_now(tx, who.user_id, place); });
}

EffectiveLevel watch_repo(service::Context& ctx, const access::Identity* caller, const domain::RepoPlace& place,
                          WatchLevel level) {
  const auto& who = reader_of(caller, place);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    set_repo_level(tx, who.user_id,
                   RepoOfWatch{place.repo_id, std::string(domain::type_name(place.type)), place.full_name()}, level);
    return repo_level_now(tx, who.user_id, place);
  });
}

EffectiveLevel unwatch_repo(service::Context& ctx, const access::Identity* caller, const domain::RepoPlace& place) {
  const auto& who = reader_of(caller, place);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    clear_repo_level(tx, who.user_id, place.repo_id);
    return repo_level_now(tx, who.user_id, place);
  });
}

EffectiveLevel org_subscription(service::Context& ctx, const access::Identity* caller, const std::string& org) {
  const auto& who = watcher_of(caller, org);
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return org_level_now(tx, who.user_id, org); });
}

EffectiveLevel watch_org(service::Context& ctx, const access::Identity* caller, const std::string& org,
                         WatchLevel level) {
  const auto& who = watcher_of(caller, org);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    set_namespace_level(tx, who.user_id, org, level);
    return org_level_now(tx, who.user_id, org);
  });
}

EffectiveLevel unwatch_org(service::Context& ctx, const access::Identity* caller, const std::string& org) {
  const auto& who = watcher_of(caller, org);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    clear_namespace_level(tx, who.user_id, org);
    return org_level_now(tx, who.user_id, org);
  });
}

}  // namespace hub::notifications

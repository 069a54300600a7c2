#include "services/notifications/app/inbox.hpp"

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/service/repo_people.hpp"
#include "services/notifications/store/inbox_read_store.hpp"

namespace hub::notifications {
namespace {

const access::Identity& owner(const access::Identity* caller) {
  if (caller == nullptr || caller->anonymous()) throw ApiError(ErrorCode::kUnauthorized, "authentication required");
  return *caller;
}

// Of the repos the user has items of, those they may read now (asked of auth before any
// transaction opens).
std::vector<std::string> readable(service::Context& ctx, const service::Peer& auth, const std::string& user_id,
                                  const std::string& request_id) {
  const auto repos = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return item_repos_of(tx, user_id); });
  if (repos.empty()) return {};
  return service::readable_repos(auth, user_id, repos, request_id);
}

}  // namespace

InboxPage list_inbox(service::Context& ctx, const service::Peer& auth, const access::Identity* caller,
                     const InboxFilter& filter, std::optional<std::int64_t> before, std::size_t limit,
                     const std::string& request_id) {
  const auto& who = owner(caller);
  const auto repos = readable(ctx, auth, who.user_id, request_id);
  const ItemPage page = db::read_once(
      ctx.db, [&](pqxx::nontransaction& tx) { return list_items(tx, who.user_id, repos, filter, before, limit); });
  return InboxPage{page.items, page.more};
}

std::int64_t unread_count(service::Context& ctx, const service::Peer& auth, const access::Identity* caller,
                          const std::string& request_id) {
  const auto& who = owner(caller);
  const auto repos = readable(ctx, auth, who.user_id, request_id);
  return db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return count_unread(tx, who.user_id, repos); });
}

std::int64_t mark_inbox(service::Context& ctx, const service::Peer& auth, const access::Identity* caller,
                        const MarkRequest& request, const std::string& request_id) {
  const auto& who = owner(caller);
  const auto repos = readable(ctx, auth, who.user_id, request_id);
  return db::transact(ctx.db, [&](pqxx::work& tx) {
    return request.all ? mark_all(tx, who.user_id, request.state, repos)
                       : mark_items(tx, who.user_id, request.ids, request.state, repos);
  });
}

InboxItem mark_item(service::Context& ctx, const service::Peer& auth, const access::Identity* caller, std::int64_t seq,
                    const std::string& state, const std::string& request_id) {
  const auto& who = owner(caller);
  const auto repos = readable(ctx, auth, who.user_id, request_id);
  auto item = db::transact(ctx.db, [&](pqxx::work& tx) {
    mark_items(tx, who.user_id, {seq}, state, repos);
    return find_item(tx, who.user_id, seq, repos);
  });
  if (!item) throw ApiError(ErrorCode::kNotFound, "no such notification");
  return *item;
}

}  // namespace hub::notifications

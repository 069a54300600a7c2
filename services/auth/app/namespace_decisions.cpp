// The namespace decisions over the store's reads.
#include "services/auth/app/namespace_decisions.hpp"

#include "common/db/transaction.hpp"
#include "common/util/strings.hpp"
#include "services/auth/domain/decide.hpp"
#include "services/auth/store/decision_store.hpp"
#include "services/auth/store/org_store.hpp"
#include "services/auth/store/token_store.hpp"
#include "services/auth/store/user_store.hpp"

namespace hub::auth {

std::optional<NamespaceAnswer> namespace_access(db::Pool& db, const NamespaceRequest& request) {
  return db::transact(db, [&](pqxx::work& tx) -> std::optional<NamespaceAnswer> {
    auto facts = read_namespace_facts(tx, request.token_id, request.user_id, request.ns);
    if (!facts) return std::nullopt;
    return decide_namespace(request.ns, *facts, request.client_address);
  });
}

std::optional<WebhookOwner> webhook_owner(db::Pool& db, const NamespaceRequest& request) {
  return db::read_once(db, [&](pqxx::nontransaction& tx) -> std::optional<WebhookOwner> {
    auto facts = read_namespace_facts(tx, request.token_id, request.user_id, request.ns);
    if (!facts) return std::nullopt;
    WebhookOwner owner{decide_webhook_owner(request.ns, *facts, request.client_address), "", ""};
    if (owner.answer.kind == "user") {
      owner.id = request.user_id;
      owner.name = facts->user_name;
    } else if (owner.answer.exists) {
      if (auto org = find_org_by_name(tx, request.ns)) {
        owner.id = org->id;
        owner.name = org->name;
      }
    }
    return owner;
  });
}

std::vector<NamespaceCard> lookup_namespaces(db::Pool& db, const std::vector<std::string>& names, bool with_admins) {
  return db::read_once(db, [&](pqxx::nontransaction& tx) {
    std::vector<NamespaceCard> out;
    for (const auto& name : names) {
      if (auto user = find_user_by_name(tx, name)) {
        out.push_back(NamespaceCard{user->name, "user", user->id, {}});
      } else if (auto org = find_org_by_name(tx, name)) {
        NamespaceCard card{org->name, "org", org->id, {}};
        if (with_admins) {
          for (auto& a : admins_of(tx, org->id))
            card.admins.emplace_back(std::move(a.id), std::move(a.name));
        }
        out.push_back(std::move(card));
      }
    }
    return out;
  });
}

std::vector<std::string> readable_private_repos(db::Pool& db, const std::string& user_id, const std::string& token_id) {
  return db::transact(db, [&](pqxx::work& tx) {
    std::vector<std::string> ids;
    auto token = find_live_caller_of(tx, token_id, user_id);
    if (!token) return ids;
    CallerFacts who;
    who.authenticated = true;
    who.owns_namespace = false;
    who.token_role = token->kind == "session" ? "write" : token->role;
    who.scoped_json = token->scoped_json;
    for (const auto& row : private_repos_near(tx, user_id, token->user_name)) {
      who.owns_namespace = util::iequals(token->user_name, row.facts.namespace_name);
      who.org_role = stored_member_role(row.org_role);
      who.group_role = stored_member_role(row.group_role);
      if (effective_role(row.facts, who) >= Role::kRead) ids.push_back(row.id);
    }
    return ids;
  });
}

}  // namespace hub::auth

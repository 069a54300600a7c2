// POST /internal/users/lookup: a user by name or id, for services that keep lists of people by
// their immutable id but are handed names (repos' gated-access decisions). Body {"name"} or {"id"};
// answers {id, name, fullname}, or 404 when there is no such user (an org's name is no user).
#include "common/db/transaction.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/auth_service.hpp"

namespace hub::auth {
namespace {

constexpr const char* kByName = "SELECT id::text, name, fullname FROM auth.users WHERE lower(name) = lower($1)";
constexpr const char* kById = "SELECT id::text, name, fullname FROM auth.users WHERE id = $1::uuid";

http::Response lookup(service::Context& ctx, http::Request& req) {
  auto body = json_body(req);
  const auto name = json::get_optional_string(body, "name").or_throw();
  const auto id = json::get_optional_string(body, "id").or_throw();
  if (name.has_value() == id.has_value()) throw ApiError(ErrorCode::kBadRequest, "give a name or an id");
  if (id && !util::is_uuid(*id)) throw ApiError(ErrorCode::kNotFound, "no such user");
  auto row = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) {
    return name ? tx.exec_params(kByName, std::string(*name)) : tx.exec_params(kById, std::string(*id));
  });
  if (row.empty()) throw ApiError(ErrorCode::kNotFound, "no such user");
  json::Writer w;
  w.begin_object()
      .field("id", row[0][0].as<std::string>())
      .field("name", row[0][1].as<std::string>())
      .field("fullname", row[0][2].as<std::string>())
      .end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

void install_user_lookup(service::Context& ctx, http::RouteDispatcher& routes) {
  routes.add("POST", "/internal/users/lookup", [&ctx](http::Request& r) { return lookup(ctx, r); });
}

}  // namespace hub::auth

// POST /internal/users/lookup: a user by name or id. Body {"name"} or {"id"}; answers
// {id, name, fullname}, or 404 when there is no such user (app/user_directory.hpp).
#include "common/http/handler_support.hpp"
#include "common/util/uuid.hpp"
#include "services/auth/api/route_groups.hpp"
#include "services/auth/app/user_directory.hpp"

namespace hub::auth {
http::Response lookup_users_route(service::Context& ctx, http::Request& req) {
  auto body = http::json_body(req);
  const auto name = json::get_optional_string(body, "name").or_throw();
  const auto id = json::get_optional_string(body, "id").or_throw();
  if (name.has_value() == id.has_value()) throw ApiError(ErrorCode::kBadRequest, "give a name or an id");
  if (id && !util::is_uuid(*id)) throw ApiError(ErrorCode::kNotFound, "no such user");
  const auto user =
      name ? lookup_user_by_name(ctx.db, std::string(*name)) : lookup_user_by_id(ctx.db, std::string(*id));
  if (!user) throw ApiError(ErrorCode::kNotFound, "no such user");
  json::Writer w;
  w.begin_object().field("id", user->id).field("name", user->name).field("fullname", user->fullname).end_object();
  return http::Response::json(200, w.str());
}

}  // namespace hub::auth

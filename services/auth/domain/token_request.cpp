// Validation of a token request.
#include "services/auth/domain/token_request.hpp"

#include "common/domain/repo_type.hpp"
#include "common/error/api_error.hpp"

namespace hub::auth {
namespace {

constexpr std::string_view kPermissions[] = {"repo.content.read", "repo.write", "discussion.write",
                                             "org.read",          "org.write",  "webhooks.write"};

template <std::size_t N>
bool one_of(std::string_view v, const std::string_view (&set)[N]) {
  for (auto s : set) {
    if (v == s) return true;
  }
  return false;
}

}  // namespace

std::string canonical_scopes(const json::Value* scoped) {
  json::Writer w;
  w.begin_array();
  if (scoped != nullptr) {
    if (!scoped->IsArray()) throw ApiError(ErrorCode::kBadRequest, "scoped must be an array");
    if (scoped->Size() > 100) throw ApiError(ErrorCode::kBadRequest, "scoped has at most 100 entries");
    for (const auto& entry : scoped->GetArray()) {
      if (!entry.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each scoped entry is an object");
      const json::Value* entity = json::get_object(entry, "entity").or_throw();
      const std::string_view type = json::get_string(*entity, "type").or_throw();
      const std::string_view name = json::get_string(*entity, "name").or_throw();
      if (type != "org" && !domain::parse_repo_type(type)) {
        throw ApiError(ErrorCode::kBadRequest, "entity.type is one of org, model, dataset, space");
      }
      if (name.empty() || name.size() > 200) throw ApiError(ErrorCode::kBadRequest, "entity.name is required");
      const json::Value* perms = json::get_array(entry, "permissions").or_throw();
      w.begin_object().key("entity").begin_object().field("type", type).field("name", name).end_object();
      w.key("permissions").begin_array();
      for (const auto& p : perms->GetArray()) {
        if (!p.IsString() || !one_of(std::string_view(p.GetString(), p.GetStringLength()), kPermissions)) {
          throw ApiError(ErrorCode::kBadRequest,
                         "permissions are among repo.content.read, repo.write, discussion.write, org.read, "
                         "org.write, webhooks.write");
        }
        w.value(std::string_view(p.GetString(), p.GetStringLength()));
      }
      w.end_array().end_object();
    }
  }
  w.end_array();
  return w.str();
}

TokenRole checked_token_role(std::string_view role) {
  auto parsed = parse_token_role(role);
  if (!parsed) throw ApiError(ErrorCode::kBadRequest, "role is read, write or fineGrained");
  return *parsed;
}

void check_scopes_fit(TokenRole role, const std::string& canonical_scoped) {
  if (role == TokenRole::kFineGrained && canonical_scoped == "[]") {
    throw ApiError(ErrorCode::kBadRequest, "a fineGrained token needs at least one scoped entry");
  }
  if (role != TokenRole::kFineGrained && canonical_scoped != "[]") {
    throw ApiError(ErrorCode::kBadRequest, "only a fineGrained token takes scoped permissions");
  }
}

}  // namespace hub::auth

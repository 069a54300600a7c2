#include "services/repos/app/auth_client.hpp"

#include "common/error/api_error.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/util/uuid.hpp"

namespace hub::repos {
namespace {

// A 2xx from auth, or 503: repos cannot act on an answer it did not get.
json::Document expect_json(const http::ClientResponse& r, std::string_view what) {
  if (r.status != 200) {
    throw ApiError(ErrorCode::kUnavailable, "authorization is unavailable; retry shortly",
                   std::string(what) + ": auth answered " + std::to_string(r.status) + " " + r.body.substr(0, 200));
  }
  auto doc = json::parse_object(r.body);
  if (!doc) throw ApiError(ErrorCode::kUnavailable, "authorization is unavailable; retry shortly", "malformed answer");
  return std::move(doc.value());
}

}  // namespace

void register_repo(const service::Peer& auth, const RepoRow& repo, std::string_view request_id) {
  json::Writer w;
  w.begin_object()
      .field("type", repo.type)
      .field("namespace", repo.ns)
      .field("name", repo.name)
      .field("private", repo.is_private);
  if (!repo.creator_id.empty()) w.field("creatorId", repo.creator_id);
  w.end_object();
  auto r = auth.call("PUT", "/internal/repos/" + repo.id, w.str(), request_id);
  if (r.status == 409) throw ApiError(ErrorCode::kConflict, "a repo with this name already exists");
  if (r.status == 404) throw ApiError(ErrorCode::kNotFound, "no user or organization named " + repo.ns);
  if (r.status != 204 && r.status != 200) {
    throw ApiError(ErrorCode::kUnavailable, "authorization is unavailable; retry shortly",
                   "registering a repo: auth answered " + std::to_string(r.status));
  }
}

void unregister_repo(const service::Peer& auth, const std::string& repo_id, std::string_view request_id) {
  auto r = auth.call("DELETE", "/internal/repos/" + repo_id, {}, request_id);
  if (r.status != 204 && r.status != 404) {
    throw ApiError(ErrorCode::kUnavailable, "authorization is unavailable; retry shortly",
                   "unregistering a repo: auth answered " + std::to_string(r.status));
  }
}

NamespaceAccess namespace_access(const service::Peer& auth, const access::Identity& who, std::string_view ns,
                                 std::string_view request_id) {
  json::Writer w;
  w.begin_object()
      .field("namespace", ns)
      .field("userId", who.user_id)
      .field("tokenId", who.token_id)
      .field("clientAddress", who.client_address)
      .end_object();
  auto doc = expect_json(auth.call("POST", "/internal/namespace-access", w.str(), request_id), "namespace access");
  NamespaceAccess out;
  out.exists = json::get_bool(doc, "exists").or_throw(ErrorCode::kBadGateway);
  out.may_create = json::get_bool(doc, "mayCreate").or_throw(ErrorCode::kBadGateway);
  out.reason = std::string(json::get_optional_string(doc, "reason").or_throw(ErrorCode::kBadGateway).value_or(""));
  out.default_visibility = std::string(
      json::get_optional_string(doc, "defaultVisibility").or_throw(ErrorCode::kBadGateway).value_or("public"));
  return out;
}

RepoDecision decide(const service::Peer& auth, const access::Identity& who, std::string_view type, std::string_view ns,
                    std::string_view name, std::string_view request_id) {
  json::Writer w;
  w.begin_object().key("repo").begin_object().field("type", type).field("namespace", ns).field("name", name);
  w.end_object().field("action", "read");
  if (!who.anonymous()) w.field("tokenId", who.token_id);
  w.end_object();
  auto doc = expect_json(auth.call("POST", "/internal/decide", w.str(), request_id), "decide");
  RepoDecision out;
  const auto role = access::parse_role(json::get_string(doc, "role").or_throw(ErrorCode::kBadGateway));
  if (!role) throw ApiError(ErrorCode::kBadGateway, "auth answered a role that is not one");
  out.role = *role;
  out.repo_id = std::string(json::get_optional_string(doc, "repoId").or_throw(ErrorCode::kBadGateway).value_or(""));
  return out;
}

std::optional<UserRef> lookup_user(const service::Peer& auth, std::string_view key, bool by_name,
                                   std::string_view request_id) {
  json::Writer w;
  w.begin_object().field(by_name ? "name" : "id", key).end_object();
  auto r = auth.call("POST", "/internal/users/lookup", w.str(), request_id);
  if (r.status == 404) return std::nullopt;
  auto doc = expect_json(r, "user lookup");
  return UserRef{std::string(json::get_string(doc, "id").or_throw(ErrorCode::kBadGateway)),
                 std::string(json::get_string(doc, "name").or_throw(ErrorCode::kBadGateway)),
                 std::string(json::get_string(doc, "fullname").or_throw(ErrorCode::kBadGateway))};
}

std::vector<std::string> readable_private_repos(const service::Peer& auth, const access::Identity& who,
                                                std::string_view request_id) {
  if (who.anonymous()) return {};
  json::Writer w;
  w.begin_object().field("userId", who.user_id).field("tokenId", who.token_id).end_object();
  auto doc = expect_json(auth.call("POST", "/internal/readable-private-repos", w.str(), request_id), "readable repos");
  std::vector<std::string> ids;
  const json::Value* list = json::get_array(doc, "ids").or_throw(ErrorCode::kBadGateway);
  for (const auto& v : list->GetArray()) {
    if (v.IsString() && util::is_uuid(std::string_view(v.GetString(), v.GetStringLength()))) {
      ids.emplace_back(v.GetString(), v.GetStringLength());
    }
  }
  return ids;
}

}  // namespace hub::repos

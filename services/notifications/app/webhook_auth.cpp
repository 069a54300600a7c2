#include "services/notifications/app/webhook_auth.hpp"

#include "common/error/api_error.hpp"
#include "common/json/json.hpp"
#include "common/service/peer_answer.hpp"
#include "common/service/repo_people.hpp"
#include "common/util/strings.hpp"

namespace hub::notifications {
namespace {

std::string text(const json::Value& object, std::string_view key) {
  return std::string(json::get_optional_string(object, key).or_throw(ErrorCode::kBadGateway).value_or(""));
}

bool flag(const json::Value& object, std::string_view key) {
  return json::get_optional_bool(object, key).or_throw(ErrorCode::kBadGateway).value_or(false);
}

void write_repo(json::Writer& w, const std::string& type, const std::string& full_name) {
  const auto slash = full_name.find('/');
  w.key("repo").begin_object().field("type", type).field("namespace", full_name.substr(0, slash));
  w.field("name", slash == std::string::npos ? std::string() : full_name.substr(slash + 1)).end_object();
}

}  // namespace

OwnerAccess webhook_owner_access(const service::Peer& auth, const access::Identity& who, const std::string& ns,
                                 const std::string& request_id) {
  json::Writer w;
  w.begin_object().field("namespace", ns).field("userId", who.user_id).field("tokenId", who.token_id);
  w.field("clientAddress", who.client_address).end_object();
  auto doc =
      service::peer_json(auth.call("POST", "/internal/webhook-owner", w.str(), request_id), "auth", "webhook owner");
  OwnerAccess a;
  a.exists = flag(doc, "exists");
  a.kind = text(doc, "kind");
  a.id = text(doc, "id");
  a.name = text(doc, "name");
  a.may_read = flag(doc, "mayRead");
  a.may_manage = flag(doc, "mayManage");
  a.reason = text(doc, "reason");
  return a;
}

std::map<std::string, NamespaceInfo> lookup_namespaces(const service::Peer& auth, const std::vector<std::string>& names,
                                                       bool with_admins, const std::string& request_id) {
  std::map<std::string, NamespaceInfo> out;
  if (names.empty()) return out;
  json::Writer w;
  w.begin_object().key("names").begin_array();
  for (const auto& n : names)
    w.value(n);
  w.end_array().field("admins", with_admins).end_object();
  auto doc =
      service::peer_json(auth.call("POST", "/internal/namespaces", w.str(), request_id), "auth", "namespace lookup");
  const json::Value* list = json::get_array(doc, "namespaces").or_throw(ErrorCode::kBadGateway);
  for (const auto& v : list->GetArray()) {
    NamespaceInfo info{text(v, "name"), text(v, "kind"), text(v, "id"), {}};
    if (const json::Value* admins = json::find(v, "admins"); admins != nullptr && admins->IsArray()) {
      for (const auto& a : admins->GetArray())
        info.admins.emplace_back(text(a, "id"), text(a, "name"));
    }
    out[util::to_lower(info.name)] = std::move(info);
  }
  return out;
}

RepoSight see_repo(const service::Peer& auth, const std::string& type, const std::string& full_name,
                   const std::string& token_id, const std::string& request_id) {
  json::Writer w;
  w.begin_object();
  write_repo(w, type, full_name);
  w.field("action", "read");
  if (!token_id.empty()) w.field("tokenId", token_id);
  w.end_object();
  auto doc = service::peer_json(auth.call("POST", "/internal/decide", w.str(), request_id), "auth", "decide");
  return RepoSight{flag(doc, "allowed"), text(doc, "repoId")};
}

std::vector<std::string> readers_among(const service::Peer& auth, const std::string& type, const std::string& full_name,
                                       const std::vector<std::string>& user_ids, const std::string& request_id) {
  std::vector<std::string> readers;
  if (user_ids.empty()) return readers;
  domain::RepoPlace place;
  place.type = domain::parse_repo_type(type).value_or(domain::RepoType::kModel);
  const auto slash = full_name.find('/');
  place.ns = full_name.substr(0, slash);
  place.name = slash == std::string::npos ? std::string() : full_name.substr(slash + 1);
  const service::People people = service::people_on_repo(auth, place, {user_ids, {}, {}}, request_id);
  for (const auto& p : people.users)
    if (p.role >= access::Role::kRead) readers.push_back(p.id);
  return readers;
}

}  // namespace hub::notifications

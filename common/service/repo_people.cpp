#include "common/service/repo_people.hpp"

#include <algorithm>

#include "common/error/api_error.hpp"
#include "common/service/peer_answer.hpp"

namespace hub::service {
namespace {

void write_list(json::Writer& w, std::string_view key, const std::vector<std::string>& items) {
  w.key(key).begin_array();
  for (const auto& i : items)
    w.value(i);
  w.end_array();
}

std::vector<PersonRole> persons(const json::Value& list) {
  std::vector<PersonRole> out;
  if (!list.IsArray()) return out;
  for (const auto& p : list.GetArray()) {
    PersonRole person;
    person.id = std::string(json::get_string(p, "id").or_throw(ErrorCode::kBadGateway));
    person.name = std::string(json::get_string(p, "name").or_throw(ErrorCode::kBadGateway));
    person.role =
        access::parse_role(json::get_string(p, "role").or_throw(ErrorCode::kBadGateway)).value_or(access::Role::kNone);
    out.push_back(std::move(person));
  }
  return out;
}

}  // namespace

People people_on_repo(const Peer& auth, const domain::RepoPlace& place, const PeopleQuery& query,
                      const std::string& request_id) {
  People out;
  if (query.user_ids.empty() && query.user_names.empty() && query.groups.empty()) return out;
  json::Writer w;
  w.begin_object().key("repo").begin_object();
  w.field("type", domain::type_name(place.type)).field("namespace", place.ns).field("name", place.name).end_object();
  write_list(w, "userIds", query.user_ids);
  write_list(w, "userNames", query.user_names);
  write_list(w, "groups", query.groups);
  w.end_object();
  auto doc = peer_json(auth.call("POST", "/internal/repo-people", w.str(), request_id), "auth", "people");
  if (const json::Value* users = json::find(doc, "users")) out.users = persons(*users);
  if (const json::Value* groups = json::find(doc, "groups"); groups != nullptr && groups->IsArray()) {
    for (const auto& g : groups->GetArray()) {
      GroupMembers members{std::string(json::get_string(g, "name").or_throw(ErrorCode::kBadGateway)), {}};
      if (const json::Value* m = json::find(g, "members")) members.members = persons(*m);
      out.groups.push_back(std::move(members));
    }
  }
  return out;
}

std::vector<std::string> readable_repos(const Peer& auth, const std::string& user_id,
                                        const std::vector<std::string>& repo_ids, const std::string& request_id) {
  constexpr std::size_t kBatch = 1000;  // auth's limit per question
  std::vector<std::string> out;
  for (std::size_t start = 0; start < repo_ids.size(); start += kBatch) {
    json::Writer w;
    w.begin_object().field("userId", user_id).key("repoIds").begin_array();
    for (std::size_t i = start; i < std::min(repo_ids.size(), start + kBatch); ++i)
      w.value(repo_ids[i]);
    w.end_array().end_object();
    auto doc =
        peer_json(auth.call("POST", "/internal/readable-repos", w.str(), request_id), "auth", "readable repos");
    const json::Value* readable = json::find(doc, "readable");
    if (readable == nullptr || !readable->IsArray()) throw ApiError(ErrorCode::kBadGateway, "auth answered no list");
    for (const auto& id : readable->GetArray()) {
      if (id.IsString()) out.emplace_back(id.GetString(), id.GetStringLength());
    }
  }
  return out;
}

}  // namespace hub::service

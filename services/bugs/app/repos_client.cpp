#include "services/bugs/app/repos_client.hpp"

#include <algorithm>

#include "common/error/api_error.hpp"
#include "common/http/url.hpp"
#include "common/json/json.hpp"
#include "common/service/peer_answer.hpp"

namespace hub::bugs {
namespace {

json::Document ancestry(const service::Peer& repos, const std::string& repo_id, const std::string& ancestor,
                        const std::string& descendant, const std::string& request_id) {
  return service::peer_json(
      repos.call("GET",
                 "/internal/repos/" + repo_id + "/ancestry?ancestor=" + http::percent_encode(ancestor) +
                     "&descendant=" + http::percent_encode(descendant),
                 {}, request_id),
      "repos", "ancestry");
}

}  // namespace

std::string resolve_commit(const service::Peer& repos, const std::string& repo_id, const std::string& revision,
                           const std::string& request_id) {
  auto doc = ancestry(repos, repo_id, revision, revision, request_id);
  return std::string(json::get_string(doc, "ancestor").or_throw(ErrorCode::kBadGateway));
}

std::map<std::string, bool> ancestors_among(const service::Peer& repos, const std::string& repo_id,
                                            const std::string& descendant, const std::vector<std::string>& candidates,
                                            const std::string& request_id) {
  constexpr std::size_t kBatch = 1000;  // repos' limit per question
  std::map<std::string, bool> out;
  for (std::size_t at = 0; at < candidates.size(); at += kBatch) {
    json::Writer w;
    w.begin_object().field("descendant", descendant).key("ancestors").begin_array();
    for (std::size_t i = at; i < std::min(candidates.size(), at + kBatch); ++i)
      w.value(candidates[i]);
    w.end_array().end_object();
    auto doc = service::peer_json(repos.call("POST", "/internal/repos/" + repo_id + "/ancestry", w.str(), request_id),
                                  "repos", "ancestry");
    const json::Value* answers = json::find(doc, "ancestors");
    if (answers == nullptr || !answers->IsObject()) throw ApiError(ErrorCode::kBadGateway, "repos: no ancestors");
    for (const auto& m : answers->GetObject()) {
      if (m.value.IsBool()) out[std::string(m.name.GetString(), m.name.GetStringLength())] = m.value.GetBool();
    }
  }
  return out;
}

std::optional<Place> place_of_repo(const service::Peer& repos, const std::string& repo_id,
                                   const std::string& public_url, const std::string& request_id) {
  json::Document doc;
  try {
    doc = service::peer_json(repos.call("GET", "/internal/repos/" + repo_id, {}, request_id), "repos", "repo");
  } catch (const ApiError& e) {
    if (e.code() == ErrorCode::kRepoNotFound || e.code() == ErrorCode::kNotFound) return std::nullopt;
    throw;
  }
  return domain::repo_place(repo_id, json::get_string(doc, "type").or_throw(ErrorCode::kBadGateway),
                            json::get_string(doc, "name").or_throw(ErrorCode::kBadGateway), public_url);
}

}  // namespace hub::bugs

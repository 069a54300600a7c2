#include "services/bugs/app/repos_client.hpp"

#include "common/error/api_error.hpp"
#include "common/http/url.hpp"
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

std::optional<bool> is_ancestor(const service::Peer& repos, const std::string& repo_id, const std::string& ancestor,
                                const std::string& descendant, const std::string& request_id) {
  try {
    auto doc = ancestry(repos, repo_id, ancestor, descendant, request_id);
    return json::get_bool(doc, "isAncestor").or_throw(ErrorCode::kBadGateway);
  } catch (const ApiError& e) {
    if (e.code() == ErrorCode::kRevisionNotFound) return std::nullopt;
    throw;
  }
}

}  // namespace hub::bugs

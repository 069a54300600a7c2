#include "services/discussions/app/pulls_client.hpp"

#include "common/error/api_error.hpp"
#include "common/log/log.hpp"
#include "common/service/peer_answer.hpp"

namespace hub::discussions {

std::string open_pull(const service::Peer& pulls, const domain::RepoPlace& place, const access::Identity& author,
                      const PullOpening& opening, std::string_view request_id) {
  json::Writer w;
  w.begin_object().field("type", domain::type_name(place.type)).field("namespace", place.ns).field("name", place.name);
  w.field("num", opening.num).field("base", opening.base);
  if (!opening.start.empty()) w.field("head", opening.start);
  if (!opening.head_sha.empty()) w.field("headSha", opening.head_sha);
  w.key("author").begin_object();
  if (!author.user_id.empty()) w.field("id", author.user_id);
  w.field("name", author.user_name).end_object().end_object();
  auto doc = service::peer_json(pulls.call("POST", "/internal/repos/" + place.repo_id + "/pulls", w.str(), request_id),
                                "pulls", "open a pull request");
  return std::string(json::get_string(doc, "headSha").or_throw(ErrorCode::kBadGateway));
}

std::optional<std::vector<std::string>> conflicting_files(const service::Peer& pulls, const std::string& repo_id,
                                                          std::int64_t num, std::string_view request_id) {
  try {
    auto doc = service::peer_json(
        pulls.call("GET", "/internal/repos/" + repo_id + "/pulls/" + std::to_string(num) + "/conflicts", {},
                   request_id),
        "pulls", "conflicts");
    std::vector<std::string> out;
    const json::Value* list = json::find(doc, "conflicts");
    if (list == nullptr || !list->IsArray()) return std::nullopt;
    for (const auto& p : list->GetArray())
      if (p.IsString()) out.emplace_back(p.GetString(), p.GetStringLength());
    return out;
  } catch (const std::exception& e) {
    log::warn("discussions.conflicts_unknown", {{"num", std::to_string(num)}, {"error", e.what()}});
    return std::nullopt;
  }
}

}  // namespace hub::discussions

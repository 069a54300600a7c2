#include "services/pulls/app/discussions_client.hpp"

#include "common/error/api_error.hpp"
#include "common/service/peer_answer.hpp"

namespace hub::pulls {
namespace {

std::string text(const json::Value& doc, std::string_view key) {
  return std::string(json::get_optional_string(doc, key).or_throw(ErrorCode::kBadGateway).value_or(""));
}

}  // namespace

std::optional<ThreadInfo> thread_info(const service::Peer& discussions, const std::string& repo_id, std::int64_t num,
                                      const std::string& request_id) {
  auto r = discussions.call("GET", "/internal/repos/" + repo_id + "/threads/" + std::to_string(num), {}, request_id);
  if (r.status == 404) return std::nullopt;
  auto doc = service::peer_json(r, "discussions", "thread");
  ThreadInfo t;
  t.is_pull_request = json::get_bool(doc, "isPullRequest").or_throw(ErrorCode::kBadGateway);
  t.status = text(doc, "status");
  t.title = text(doc, "title");
  t.author_id = text(doc, "authorId");
  t.author_name = text(doc, "authorName");
  t.description = text(doc, "description");
  return t;
}

void mark_merged(const service::Peer& discussions, const domain::RepoPlace& place, std::int64_t num,
                 const std::string& merge_commit, const access::Identity& actor, const std::string& comment,
                 const std::string& request_id) {
  json::Writer w;
  w.begin_object()
      .field("type", domain::type_name(place.type))
      .field("namespace", place.ns)
      .field("name", place.name)
      .field("mergeCommitId", merge_commit);
  if (!comment.empty()) w.field("comment", comment);
  w.key("actor").begin_object().field("id", actor.user_id).field("name", actor.user_name).end_object();
  w.end_object();
  auto r = discussions.call("POST", "/internal/repos/" + place.repo_id + "/threads/" + std::to_string(num) + "/merged",
                            w.str(), request_id);
  service::expect_success(r, "discussions", "record the merge");
}

}  // namespace hub::pulls

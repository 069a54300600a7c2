#include "services/pulls/app/repos_client.hpp"

#include "common/error/api_error.hpp"
#include "common/http/url.hpp"
#include "common/service/peer_answer.hpp"

namespace hub::pulls {
namespace {

std::string base_path(const std::string& repo_id) {
  return "/internal/repos/" + repo_id;
}

std::string q(std::string_view text) {
  return http::percent_encode(text);
}

void write_actor(json::Writer& w, const access::Identity& actor) {
  w.key("actor").begin_object().field("id", actor.user_id).field("name", actor.user_name).end_object();
}

std::vector<std::string> strings_of(const json::Value& doc, std::string_view key) {
  std::vector<std::string> out;
  if (const json::Value* list = json::find(doc, key); list != nullptr && list->IsArray()) {
    for (const auto& v : list->GetArray())
      if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

std::string string_of(const json::Value& doc, std::string_view key) {
  return std::string(json::get_optional_string(doc, key).or_throw(ErrorCode::kBadGateway).value_or(""));
}

}  // namespace

std::string create_pull_ref(const service::Peer& repos, const std::string& repo_id, std::int64_t num,
                            const std::string& revision, const access::Identity& actor, const std::string& request_id) {
  json::Writer w;
  w.begin_object().field("ref", "refs/pr/" + std::to_string(num)).key("oldSha").null();
  w.field("newRevision", revision);
  write_actor(w, actor);
  w.end_object();
  auto doc = service::peer_json(repos.call("POST", base_path(repo_id) + "/refs", w.str(), request_id), "repos",
                                "create refs/pr/N");
  return string_of(doc, "newSha");
}

RevisionPair resolve_pair(const service::Peer& repos, const std::string& repo_id, const std::string& base,
                          const std::string& head, const std::string& request_id) {
  auto doc = service::peer_json(
      repos.call("GET", base_path(repo_id) + "/ancestry?ancestor=" + q(base) + "&descendant=" + q(head), {},
                 request_id),
      "repos", "ancestry");
  return RevisionPair{string_of(doc, "ancestor"), string_of(doc, "descendant"),
                      json::get_bool(doc, "isAncestor").or_throw(ErrorCode::kBadGateway), string_of(doc, "mergeBase")};
}

json::Document changed_files(const service::Peer& repos, const std::string& repo_id, const std::string& base,
                             const std::string& head, std::int64_t limit, const std::string& after,
                             const std::string& request_id) {
  std::string target =
      base_path(repo_id) + "/diff?base=" + q(base) + "&head=" + q(head) + "&limit=" + std::to_string(limit);
  if (!after.empty()) target += "&after=" + q(after);
  return service::peer_json(repos.call("GET", target, {}, request_id), "repos", "diff");
}

json::Document file_patch(const service::Peer& repos, const std::string& repo_id, const std::string& base,
                          const std::string& head, const std::string& path, std::int64_t offset, std::int64_t limit,
                          const std::string& request_id) {
  const std::string target = base_path(repo_id) + "/patch?base=" + q(base) + "&head=" + q(head) + "&path=" + q(path) +
                             "&offset=" + std::to_string(offset) + "&limit=" + std::to_string(limit);
  return service::peer_json(repos.call("GET", target, {}, request_id), "repos", "patch");
}

json::Document lfs_tensors(const service::Peer& repos, const std::string& repo_id, const std::string& oid,
                           const std::string& request_id) {
  return service::peer_json(repos.call("GET", base_path(repo_id) + "/lfs/" + q(oid) + "/tensors", {}, request_id),
                            "repos", "tensors");
}

std::vector<CommitSummary> pull_commits(const service::Peer& repos, const std::string& repo_id, const std::string& base,
                                        const std::string& head, const std::string& request_id) {
  auto doc = service::peer_json(
      repos.call("GET", base_path(repo_id) + "/compare?base=" + q(base) + "&head=" + q(head), {}, request_id), "repos",
      "compare");
  std::vector<CommitSummary> out;
  if (const json::Value* list = json::find(doc, "commits"); list != nullptr && list->IsArray()) {
    for (const auto& c : list->GetArray())
      out.push_back(
          CommitSummary{string_of(c, "id"), string_of(c, "title"), string_of(c, "message"), string_of(c, "author")});
  }
  return out;
}

std::optional<std::string> file_at(const service::Peer& repos, const std::string& repo_id, const std::string& rev,
                                   const std::string& path, std::int64_t max, const std::string& request_id) {
  auto r =
      repos.call("GET", base_path(repo_id) + "/blob?rev=" + q(rev) + "&path=" + q(path) + "&max=" + std::to_string(max),
                 {}, request_id);
  if (r.status == 404 && r.headers.get("X-Error-Code") == "EntryNotFound") return std::nullopt;
  service::expect_success(r, "repos", "blob");
  return std::move(r.body);
}

std::optional<domain::ProtectionRule> protection_of(const service::Peer& repos, const std::string& repo_id,
                                                    const std::string& branch, const std::string& request_id) {
  auto doc = service::peer_json(
      repos.call("GET", base_path(repo_id) + "/protection?branch=" + q(branch), {}, request_id), "repos", "protection");
  const json::Value* rule = json::find(doc, "rule");
  if (rule == nullptr) return std::nullopt;
  // One rule, read by the same parser repos keeps it with.
  json::Writer w;
  w.begin_object().key("rules").begin_array().raw_value(*rule).end_array().end_object();
  auto rules = domain::parse_protection(json::parse_object(w.str()).value());
  if (!rules || rules.value().empty()) {
    throw ApiError(ErrorCode::kUnavailable, "repos is unavailable; retry shortly", "protection: unreadable rule");
  }
  return rules.value().front();
}

std::vector<StatusFacts> statuses_of(const service::Peer& repos, const std::string& repo_id, const std::string& sha,
                                     const std::string& request_id) {
  auto doc = service::peer_json(repos.call("GET", base_path(repo_id) + "/statuses/" + q(sha), {}, request_id), "repos",
                                "statuses");
  std::vector<StatusFacts> out;
  if (const json::Value* list = json::find(doc, "statuses"); list != nullptr && list->IsArray()) {
    for (const auto& s : list->GetArray()) {
      StatusFacts f{string_of(s, "context"), string_of(s, "state"), {}};
      if (const json::Value* m = json::find(s, "metrics"); m != nullptr && m->IsObject()) {
        for (const auto& [name, value] : m->GetObject())
          if (value.IsNumber()) f.metrics[std::string(name.GetString(), name.GetStringLength())] = value.GetDouble();
      }
      out.push_back(std::move(f));
    }
  }
  return out;
}

MergeTry try_merge(const service::Peer& repos, const std::string& repo_id, const std::string& base_ref,
                   const std::string& head, const std::string& request_id) {
  json::Writer w;
  w.begin_object().field("baseRef", base_ref).field("head", head).field("dryRun", true);
  w.end_object();
  auto doc = service::peer_json(repos.call("POST", base_path(repo_id) + "/merge", w.str(), request_id), "repos",
                                "dry-run merge");
  MergeTry t;
  t.mergeable = json::get_bool(doc, "mergeable").or_throw(ErrorCode::kBadGateway);
  t.conflicts = strings_of(doc, "conflicts");
  t.fast_forward = json::get_optional_bool(doc, "fastForward").or_throw(ErrorCode::kBadGateway).value_or(false);
  t.base_sha = string_of(doc, "baseSha");
  return t;
}

MergeTry merge(const service::Peer& repos, const std::string& repo_id, const std::string& base_ref,
               const std::string& expected_base, const std::string& head, const std::string& strategy,
               const std::string& message, const access::Identity& actor, const std::string& request_id) {
  json::Writer w;
  w.begin_object().field("baseRef", base_ref).field("expectedBase", expected_base).field("head", head);
  w.field("strategy", strategy).field("message", message);
  write_actor(w, actor);
  w.end_object();
  auto r = repos.call("POST", base_path(repo_id) + "/merge", w.str(), request_id);
  MergeTry t;
  if (r.status == 409 || r.status == 412) {
    auto doc = json::parse_object(r.body);
    t.conflicts = doc ? strings_of(doc.value(), "conflicts") : std::vector<std::string>{};
    if (t.conflicts.empty()) {
      throw ApiError(ErrorCode::kConflict,
                     "the base branch moved while merging; nothing was merged, check the pull request again");
    }
    return t;
  }
  auto doc = service::peer_json(r, "repos", "merge");
  t.mergeable = true;
  t.commit = string_of(doc, "commit");
  t.base_sha = expected_base;
  return t;
}

}  // namespace hub::pulls

#include "services/repos/app/discussions_client.hpp"

#include "common/json/json.hpp"
#include "common/service/peer_answer.hpp"

namespace hub::repos {

void open_pull_request_thread(const service::Peer& discussions, const RepoRow& repo, const access::Identity& author,
                              std::int64_t num, const std::string& base_ref, const CommitMade& commit,
                              const std::string& request_id) {
  json::Writer w;
  w.begin_object().field("type", repo.type).field("namespace", repo.ns).field("name", repo.name).field("num", num);
  // The commit's summary is the pull request's title, as on the Hub.
  w.field("title", commit.summary).field("description", commit.description).field("base", base_ref);
  w.field("headSha", commit.sha).key("author").begin_object();
  if (!author.user_id.empty()) w.field("id", author.user_id);
  w.field("name", author.user_name).end_object().end_object();
  service::expect_success(discussions.call("POST", "/internal/repos/" + repo.id + "/threads", w.str(), request_id),
                          "discussions", "open the pull request's thread");
}

}  // namespace hub::repos

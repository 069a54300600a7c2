#include "services/pulls/app/commit_sync.hpp"

#include <algorithm>
#include <chrono>

#include "common/db/transaction.hpp"
#include "common/error/api_error.hpp"
#include "common/events/catalog.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/service/peer_answer.hpp"
#include "common/util/random.hpp"
#include "common/work/background.hpp"
#include "services/pulls/app/pull_requests.hpp"
#include "services/pulls/app/repos_client.hpp"
#include "services/pulls/store/pull_store.hpp"

namespace hub::pulls {
namespace {

constexpr std::size_t kSyncsPerPass = 20;
constexpr auto kPassInterval = std::chrono::milliseconds(500);

std::int64_t pull_number_of(const std::string& ref) {
  constexpr std::string_view kPrefix = "refs/pr/";
  if (!ref.starts_with(kPrefix) || ref.size() == kPrefix.size() || ref.size() > kPrefix.size() + 15) return 0;
  std::int64_t n = 0;
  for (char c : std::string_view(ref).substr(kPrefix.size())) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

void post_commit(const Peers& peers, const CommitSync& sync, const CommitSummary& commit,
                 const std::string& request_id) {
  const auto slash = sync.repo_name.find('/');
  json::Writer w;
  w.begin_object()
      .field("type", sync.repo_type)
      .field("namespace", sync.repo_name.substr(0, slash))
      .field("name", slash == std::string::npos ? std::string() : sync.repo_name.substr(slash + 1))
      .field("oid", commit.id)
      .field("subject", commit.title);
  w.key("author").begin_object().field("name", commit.author.empty() ? "hub" : commit.author).end_object();
  w.end_object();
  service::expect_success(
      peers.discussions.call("POST",
                             "/internal/repos/" + sync.repo_id + "/threads/" + std::to_string(sync.num) + "/commits",
                             w.str(), request_id),
      "discussions", "record a commit");
}

void sync_one(service::Context& ctx, const Peers& peers, const CommitSync& sync) {
  // Its own request id, so the calls of one sync read together in the peers' logs.
  const std::string request_id = util::random_id();
  auto pull = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return find_pull(tx, sync.repo_id, sync.num); });
  if (pull) {
    auto commits = pull_commits(peers.repos, sync.repo_id, pull->compare_base(), pull_ref(sync.num), request_id);
    std::reverse(commits.begin(), commits.end());  // oldest first, as they were made
    const auto seen =
        db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return synced_commits(tx, sync.repo_id, sync.num); });
    for (const auto& c : commits) {
      if (seen.contains(c.id)) continue;
      post_commit(peers, sync, c, request_id);
      db::transact(ctx.db, [&](pqxx::work& tx) { mark_synced(tx, sync.repo_id, sync.num, c.id); });
    }
  }
  db::transact(ctx.db, [&](pqxx::work& tx) { finish_sync(tx, sync); });
}

}  // namespace

void follow_pull_refs(pqxx::work& tx, const events::Envelope& event) {
  if (event.type != events::RepoContent::kType || !event.repo) return;
  auto data = json::parse_object(event.data);
  if (!data) return;
  const json::Value* refs = json::find(data.value(), "updatedRefs");
  if (refs == nullptr || !refs->IsArray()) return;
  for (const auto& u : refs->GetArray()) {
    const auto ref = json::get_string(u, "ref");
    const json::Value* to = json::find(u, "newSha");
    if (!ref || to == nullptr || !to->IsString()) continue;
    const std::int64_t num = pull_number_of(std::string(ref.value()));
    if (num <= 0 || !find_pull(tx, event.repo->id, num)) continue;
    request_sync(tx, CommitSync{event.repo->id, num, event.repo->type, event.repo->name, ""});
  }
}

std::size_t sync_pending_commits(service::Context& ctx, const Peers& peers) {
  const auto pending =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return pending_syncs(tx, kSyncsPerPass); });
  std::size_t done = 0;
  for (const auto& sync : pending) {
    try {
      sync_one(ctx, peers, sync);
      ++done;
    } catch (const std::exception& e) {
      // A thread not stored yet (its opening is still under way), a peer down: later.
      log::info("pulls.commit_sync_postponed", {{"num", std::to_string(sync.num)}, {"why", e.what()}});
      try {
        db::transact(ctx.db, [&](pqxx::work& tx) { count_failed_sync(tx, sync); });
      } catch (const std::exception&) {
      }
    }
  }
  return done;
}

void start_commit_sync(service::Context& ctx, std::shared_ptr<Peers> peers) {
  static work::Background loop;
  loop.start([&ctx, peers = std::move(peers)] {
    do {
      try {
        sync_pending_commits(ctx, *peers);
      } catch (const std::exception& e) {
        log::warn("pulls.commit_sync_failed", {{"error", e.what()}});
      }
    } while (loop.sleep_for(kPassInterval));
  });
}

}  // namespace hub::pulls

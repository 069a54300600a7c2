#include "services/bugs/app/assignment_rechecks.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "common/db/transaction.hpp"
#include "common/events/catalog.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/service/repo_people.hpp"
#include "common/util/random.hpp"
#include "common/util/uuid.hpp"
#include "services/bugs/app/bug_events.hpp"
#include "services/bugs/app/repos_client.hpp"
#include "services/bugs/store/recheck_store.hpp"
#include "services/bugs/store/report_store.hpp"

namespace hub::bugs {
namespace {

constexpr std::size_t kPerPass = 20;
constexpr auto kEvery = std::chrono::seconds(1);
constexpr auto kQuietLog = std::chrono::seconds(30);
// The second check of a request, for an assignment whose reader check (outside its transaction)
// came before the removal and whose change committed after the first check: longer than a request.
constexpr auto kSecondCheckAfter = std::chrono::seconds(60);

// The user's assignments in one repo they may no longer read end, each report with its event. The
// event has no actor: nobody did it, the hub did.
void end_assignments(service::Context& ctx, const Place& place, const std::string& user_id) {
  db::transact(ctx.db, [&](pqxx::work& tx) {
    for (const auto& ended : unassign_everywhere_in(tx, place.repo_id, user_id)) {
      auto report = find_full_report(tx, place.repo_id, ended.num, true);
      if (!report) continue;
      save_report(tx, *report, false);  // its updated_at: the report changed
      events::BugUpdated updated;
      updated.bug = facts_of(place, *report);
      updated.unassigned = {events::Actor{user_id, ended.user_name}};
      emit(tx, place, access::Identity{}, updated);
    }
  });
}

// One person's check: the repos they are assigned in that they may no longer read.
void recheck_one(service::Context& ctx, const Peers& peers, const Recheck& r) {
  const std::string request_id = "bugs-recheck-" + util::random_id().substr(0, 12);
  const auto assigned =
      db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return repos_assigned_in(tx, r.user_id); });
  const auto readable = service::readable_repos(*peers.auth, r.user_id, assigned, request_id);
  std::size_t ended_in = 0;
  for (const auto& repo_id : assigned) {
    if (std::find(readable.begin(), readable.end(), repo_id) != readable.end()) continue;
    const auto place = place_of_repo(*peers.repos, repo_id, ctx.settings.public_url, request_id);
    if (!place) continue;  // deleted: its reports go with it (repo.deleted)
    end_assignments(ctx, *place, r.user_id);
    ++ended_in;
  }
  db::transact(ctx.db, [&](pqxx::work& tx) { finish_recheck(tx, r, kSecondCheckAfter); });
  log::info("bugs.assignments_rechecked", {{"user", r.user_id}, {"repos", assigned.size()}, {"ended_in", ended_in}});
}

struct Loop {
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable cv;
  std::thread thread;

  void stop() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    cv.notify_all();
    if (thread.joinable()) thread.join();
  }
};

}  // namespace

void ask_assignment_recheck(pqxx::work& tx, const events::Envelope& event) {
  auto data = json::parse_object(event.data);
  if (!data) return;
  const json::Value* user = json::find(data.value(), "user");
  if (user == nullptr || !user->IsObject()) return;
  auto id = json::get_string(*user, "id");
  if (!id || !util::is_uuid(*id)) return;
  ask_recheck(tx, std::string(*id));
}

std::size_t recheck_assignments(service::Context& ctx, const Peers& peers) {
  const auto waiting = db::read_once(ctx.db, [&](pqxx::nontransaction& tx) { return waiting_rechecks(tx, kPerPass); });
  std::size_t answered = 0;
  std::exception_ptr first_failure;
  for (const auto& r : waiting) {
    // One request that fails (auth away, a deadlock) waits for the next pass without holding up
    // the others.
    try {
      recheck_one(ctx, peers, r);
      ++answered;
    } catch (const std::exception&) {
      if (!first_failure) first_failure = std::current_exception();
    }
  }
  if (first_failure) std::rethrow_exception(first_failure);
  return answered;
}

void start_assignment_rechecks(service::Context& ctx, const Peers& peers) {
  auto loop = std::make_shared<Loop>();
  loop->thread = std::thread([&ctx, peers, loop] {
    auto last_logged = std::chrono::steady_clock::time_point{};
    while (!loop->stopping) {
      try {
        recheck_assignments(ctx, peers);
      } catch (const std::exception& e) {
        // Auth, repos or the database is away: the requests wait for the next pass.
        if (std::chrono::steady_clock::now() - last_logged > kQuietLog) {
          last_logged = std::chrono::steady_clock::now();
          log::warn("bugs.recheck_failed", {{"error", e.what()}});
        }
      }
      std::unique_lock lock(loop->mutex);
      loop->cv.wait_for(lock, kEvery, [&] { return loop->stopping.load(); });
    }
  });
  ctx.on_stop.push_back([loop] { loop->stop(); });
}

}  // namespace hub::bugs

#include "services/bugs/store/recheck_store.hpp"

#include <algorithm>

#include "common/db/prepared.hpp"

namespace hub::bugs {
namespace {

constexpr const char* kAsk =
    "INSERT INTO bugs.assignment_rechecks AS r (user_id) VALUES ($1::uuid) ON CONFLICT (user_id) DO UPDATE "
    "SET asked = nextval('bugs.assignment_recheck_asks'), passes = 0, due = now()";
constexpr const char* kWaiting =
    "SELECT user_id::text, asked, passes FROM bugs.assignment_rechecks WHERE due <= now() ORDER BY due, user_id "
    "LIMIT $1";
constexpr const char* kAgainLater =
    "UPDATE bugs.assignment_rechecks SET passes = passes + 1, due = now() + $3::bigint * interval '1 second' "
    "WHERE user_id = $1::uuid AND asked = $2";
constexpr const char* kFinish = "DELETE FROM bugs.assignment_rechecks WHERE user_id = $1::uuid AND asked = $2";
constexpr const char* kReposAssigned = "SELECT DISTINCT repo_id::text FROM bugs.assignees WHERE user_id = $1::uuid";
// The reports are locked first (as every change to a report locks it), in number order; the DELETE
// is a statement of its own so that its snapshot sees an assignment committed while it waited.
constexpr const char* kLockAssigned =
    "SELECT r.num FROM bugs.reports r WHERE r.repo_id = $1::uuid AND r.num IN (SELECT a.num FROM bugs.assignees a "
    "WHERE a.repo_id = $1::uuid AND a.user_id = $2::uuid) ORDER BY r.num FOR UPDATE";
constexpr const char* kUnassign =
    "DELETE FROM bugs.assignees WHERE repo_id = $1::uuid AND user_id = $2::uuid RETURNING num, user_name";

}  // namespace

void ask_recheck(pqxx::work& tx, const std::string& user_id) {
  db::exec_statement(tx, kAsk, user_id);
}

std::vector<Recheck> waiting_rechecks(pqxx::transaction_base& tx, std::size_t limit) {
  std::vector<Recheck> out;
  for (const auto& r : db::exec_statement(tx, kWaiting, static_cast<std::int64_t>(limit)))
    out.push_back(Recheck{r[0].as<std::string>(), r[1].as<std::int64_t>(), r[2].as<int>()});
  return out;
}

void finish_recheck(pqxx::work& tx, const Recheck& r, std::chrono::seconds again_after) {
  if (r.passes == 0) {
    db::exec_statement(tx, kAgainLater, r.user_id, r.asked, static_cast<std::int64_t>(again_after.count()));
  } else {
    db::exec_statement(tx, kFinish, r.user_id, r.asked);
  }
}

std::vector<std::string> repos_assigned_in(pqxx::transaction_base& tx, const std::string& user_id) {
  std::vector<std::string> out;
  for (const auto& r : db::exec_statement(tx, kReposAssigned, user_id))
    out.push_back(r[0].as<std::string>());
  return out;
}

std::vector<EndedAssignment> unassign_everywhere_in(pqxx::work& tx, const std::string& repo_id,
                                                    const std::string& user_id) {
  db::exec_statement(tx, kLockAssigned, repo_id, user_id);
  std::vector<EndedAssignment> out;
  for (const auto& r : db::exec_statement(tx, kUnassign, repo_id, user_id))
    out.push_back(EndedAssignment{r[0].as<std::int64_t>(), r[1].as<std::string>()});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.num < b.num; });
  return out;
}

}  // namespace hub::bugs

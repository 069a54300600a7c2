#include "services/bugs/store/recheck_store.hpp"

#include <algorithm>

#include "common/db/prepared.hpp"

namespace hub::bugs {
namespace {

constexpr const char* kAsk =
    "INSERT INTO bugs.assignment_rechecks AS r (user_id) VALUES ($1::uuid) "
    "ON CONFLICT (user_id) DO UPDATE SET asked = r.asked + 1";
constexpr const char* kWaiting =
    "SELECT user_id::text, asked FROM bugs.assignment_rechecks ORDER BY since, user_id LIMIT $1";
constexpr const char* kFinish = "DELETE FROM bugs.assignment_rechecks WHERE user_id = $1::uuid AND asked = $2";
constexpr const char* kReposAssigned = "SELECT DISTINCT repo_id::text FROM bugs.assignees WHERE user_id = $1::uuid";
// The reports are locked first (as every change to a report locks it), in number order.
constexpr const char* kUnassign =
    "WITH locked AS (SELECT r.num FROM bugs.reports r JOIN bugs.assignees a ON a.repo_id = r.repo_id AND a.num = r.num "
    "  WHERE r.repo_id = $1::uuid AND a.user_id = $2::uuid ORDER BY r.num FOR UPDATE OF r) "
    "DELETE FROM bugs.assignees a USING locked WHERE a.repo_id = $1::uuid AND a.num = locked.num "
    "AND a.user_id = $2::uuid RETURNING a.num, a.user_name";

}  // namespace

void ask_recheck(pqxx::work& tx, const std::string& user_id) {
  db::exec_statement(tx, kAsk, user_id);
}

std::vector<Recheck> waiting_rechecks(pqxx::transaction_base& tx, std::size_t limit) {
  std::vector<Recheck> out;
  for (const auto& r : db::exec_statement(tx, kWaiting, static_cast<std::int64_t>(limit)))
    out.push_back(Recheck{r[0].as<std::string>(), r[1].as<std::int64_t>()});
  return out;
}

void finish_recheck(pqxx::work& tx, const Recheck& r) {
  db::exec_statement(tx, kFinish, r.user_id, r.asked);
}

std::vector<std::string> repos_assigned_in(pqxx::transaction_base& tx, const std::string& user_id) {
  std::vector<std::string> out;
  for (const auto& r : db::exec_statement(tx, kReposAssigned, user_id))
    out.push_back(r[0].as<std::string>());
  return out;
}

std::vector<EndedAssignment> unassign_everywhere_in(pqxx::work& tx, const std::string& repo_id,
                                                    const std::string& user_id) {
  std::vector<EndedAssignment> out;
  for (const auto& r : db::exec_statement(tx, kUnassign, repo_id, user_id))
    out.push_back(EndedAssignment{r[0].as<std::int64_t>(), r[1].as<std::string>()});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.num < b.num; });
  return out;
}

}  // namespace hub::bugs

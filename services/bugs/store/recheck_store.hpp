#pragma once
// SQL over bugs.assignment_rechecks (who must have their assignments checked again) and the
// assignments such a check reads and ends.
#include <chrono>
#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace hub::bugs {

struct Recheck {
  std::string user_id;
  std::int64_t asked = 0;  // which request this is (a sequence): a newer one is never finished by an older check
  int passes = 0;          // checks done so far
};

// Asks (again) for the user's assignments to be checked.
void ask_recheck(pqxx::work& tx, const std::string& user_id);
// The `limit` due first.
std::vector<Recheck> waiting_rechecks(pqxx::transaction_base& tx, std::size_t limit);
// A check of `r` done: after the first, the second is due `again_after` later; after the second the
// request is gone. A request made since stays as it is.
void finish_recheck(pqxx::work& tx, const Recheck& r, std::chrono::seconds again_after);

// The repos (ids) in which the user is assigned to a report.
std::vector<std::string> repos_assigned_in(pqxx::transaction_base& tx, const std::string& user_id);
struct EndedAssignment {
  std::int64_t num = 0;
  std::string user_name;  // as the assignment had it
};
// Ends the user's assignments in the repo (locking those reports first), in number order.
std::vector<EndedAssignment> unassign_everywhere_in(pqxx::work& tx, const std::string& repo_id,
                                                    const std::string& user_id);

}  // namespace hub::bugs

#pragma once
// SQL over bugs.assignment_rechecks (who must have their assignments checked again) and the
// assignments such a check reads and ends.
#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace hub::bugs {

struct Recheck {
  std::string user_id;
  std::int64_t asked = 0;  // how many times it was asked; done() removes it only if unchanged
};

// Asks (again) for the user's assignments to be checked.
void ask_recheck(pqxx::work& tx, const std::string& user_id);
// The oldest `limit` waiting.
std::vector<Recheck> waiting_rechecks(pqxx::transaction_base& tx, std::size_t limit);
// Done with what was asked as `r`; a request made since stays.
void finish_recheck(pqxx::work& tx, const Recheck& r);

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

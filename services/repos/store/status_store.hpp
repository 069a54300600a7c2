#pragma once
// SQL over repos.commit_statuses: what CI reported per commit and context.
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/repos/domain/commit_status.hpp"

namespace hub::repos {

void insert_status(pqxx::work& tx, const std::string& repo_id, const std::string& sha, const CommitStatus& status,
                   const std::string& creator_id);
// The latest status of each context, by context.
std::vector<CommitStatus> latest_statuses(pqxx::transaction_base& tx, const std::string& repo_id,
                                          const std::string& sha);

}  // namespace hub::repos

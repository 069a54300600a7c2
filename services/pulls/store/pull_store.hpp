#pragma once
// SQL over pulls.pull_requests: a pull request's review record (author, base, where it was opened,
// its merge once merged).
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "services/pulls/domain/review.hpp"

namespace hub::pulls {

// False when the number already has a record (the first one stands).
bool insert_pull(pqxx::work& tx, const PullRow& pull);
std::optional<PullRow> find_pull(pqxx::transaction_base& tx, const std::string& repo_id, std::int64_t num,
                                 bool for_update = false);
void record_merge(pqxx::work& tx, const std::string& repo_id, std::int64_t num, const std::string& commit,
                  const std::string& merged_base, const std::string& merged_by);
void delete_repo_pulls(pqxx::work& tx, const std::string& repo_id);

}  // namespace hub::pulls

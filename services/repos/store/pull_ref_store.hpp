#pragma once
// SQL over repos.pull_ref_authors: who opened each refs/pr/N, in the caller's transaction.
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace hub::repos {

void record_pull_ref_author(pqxx::work& tx, const std::string& repo_id, const std::string& ref,
                            const std::string& author_id);
std::optional<std::string> pull_ref_author(pqxx::transaction_base& tx, const std::string& repo_id,
                                           const std::string& ref);

}  // namespace hub::repos

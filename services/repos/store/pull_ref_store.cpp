#include "services/repos/store/pull_ref_store.hpp"

namespace hub::repos {
namespace {

// The first author stands: a ref deleted and made again keeps who opened the number.
constexpr const char* kRecord =
    "INSERT INTO repos.pull_ref_authors (repo_id, ref, author_id) VALUES ($1::uuid, $2, $3::uuid) "
    "ON CONFLICT (repo_id, ref) DO NOTHING";
constexpr const char* kAuthor =
    "SELECT author_id::text FROM repos.pull_ref_authors WHERE repo_id = $1::uuid AND ref = $2";

}  // namespace

void record_pull_ref_author(pqxx::work& tx, const std::string& repo_id, const std::string& ref,
                            const std::string& author_id) {
  tx.exec_params(kRecord, repo_id, ref, author_id);
}

std::optional<std::string> pull_ref_author(pqxx::transaction_base& tx, const std::string& repo_id,
                                           const std::string& ref) {
  auto rows = tx.exec_params(kAuthor, repo_id, ref);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

}  // namespace hub::repos

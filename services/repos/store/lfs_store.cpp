#include "services/repos/store/lfs_store.hpp"

#include <sys/stat.h>

#include <algorithm>

namespace hub::repos {

std::string LfsStore::path_of(std::string_view oid) const {
  std::string p = root_;
  p.append("/").append(oid.substr(0, 2)).append("/").append(oid.substr(2, 2)).append("/").append(oid);
  return p;
}

std::optional<std::uint64_t> LfsStore::stored_size(std::string_view oid) const {
  struct stat st {};
  if (!valid_oid(oid) || ::stat(path_of(oid).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<std::uint64_t>(st.st_size);
}

std::vector<std::pair<std::string, std::uint64_t>> linked_objects(pqxx::transaction_base& tx,
                                                                  const std::string& repo_id,
                                                                  const std::vector<std::string>& oids) {
  std::string array = "{";
  for (const auto& oid : oids) {
    if (!valid_oid(oid)) continue;  // only hex reaches the array literal
    if (array.size() > 1) array += ',';
    array += oid;
  }
  array += "}";
  auto rows = tx.exec_params(
      "SELECT o.oid, o.size FROM repos.repo_lfs_objects l JOIN repos.lfs_objects o ON o.oid = l.oid "
      "WHERE l.repo_id = $1::uuid AND l.oid = ANY($2::text[])",
      repo_id, array);
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const auto& r : rows)
    out.emplace_back(r[0].as<std::string>(), r[1].as<std::uint64_t>());
  return out;
}

void link_object(pqxx::work& tx, const std::string& repo_id, const std::string& oid, std::uint64_t size) {
  tx.exec_params(
      "INSERT INTO repos.lfs_objects (oid, size) VALUES ($1, $2) ON CONFLICT (oid) DO UPDATE SET stored_at = now()",
      oid, static_cast<std::int64_t>(size));
  tx.exec_params("INSERT INTO repos.repo_lfs_objects (repo_id, oid) VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING",
                 repo_id, oid);
}

}  // namespace hub::repos

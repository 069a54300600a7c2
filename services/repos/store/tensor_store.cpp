#include "services/repos/store/tensor_store.hpp"

namespace hub::repos {
namespace {

constexpr const char* kInsert =
    "INSERT INTO repos.tensor_hashes (oid, name, dtype, shape, begin_offset, end_offset, sha256) "
    "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) ON CONFLICT DO NOTHING";
constexpr const char* kByOid =
    "SELECT name, dtype, shape::text, begin_offset, end_offset, sha256 FROM repos.tensor_hashes WHERE oid = $1 "
    "ORDER BY name";

}  // namespace

void insert_tensor_hashes(pqxx::work& tx, const std::string& oid, const std::vector<TensorHash>& tensors) {
  for (const auto& t : tensors) {
    tx.exec_params(kInsert, oid, t.name, t.dtype, t.shape_json, static_cast<std::int64_t>(t.begin),
                   static_cast<std::int64_t>(t.end), t.sha256);
  }
}

std::vector<TensorHash> tensor_hashes(pqxx::transaction_base& tx, const std::string& oid) {
  std::vector<TensorHash> out;
  for (const auto& r : tx.exec_params(kByOid, oid)) {
    out.push_back(TensorHash{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                             static_cast<std::uint64_t>(r[3].as<std::int64_t>()),
                             static_cast<std::uint64_t>(r[4].as<std::int64_t>()), r[5].as<std::string>()});
  }
  return out;
}

}  // namespace hub::repos

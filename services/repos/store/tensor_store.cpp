#include "services/repos/store/tensor_store.hpp"

namespace hub::repos {
namespace {

constexpr const char* kInsertHeader =
    "INSERT INTO repos.tensor_headers (oid, safetensors, error, tensor_count) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (oid) DO NOTHING";
constexpr const char* kInsertHash =
    "INSERT INTO repos.tensor_hashes (oid, name, dtype, shape, begin_offset, end_offset, sha256) "
    "VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) ON CONFLICT DO NOTHING";
constexpr const char* kHeaderByOid = "SELECT safetensors, error FROM repos.tensor_headers WHERE oid = $1";
constexpr const char* kHashesByOid =
    "SELECT name, dtype, shape::text, begin_offset, end_offset, sha256 FROM repos.tensor_hashes WHERE oid = $1 "
    "ORDER BY name";

}  // namespace

void insert_tensor_header(pqxx::work& tx, const std::string& oid, const TensorHeader& header) {
  tx.exec_params(kInsertHeader, oid, header.safetensors, header.error, static_cast<int>(header.tensors.size()));
  for (const auto& t : header.tensors) {
    tx.exec_params(kInsertHash, oid, t.name, t.dtype, t.shape_json, static_cast<std::int64_t>(t.begin),
                   static_cast<std::int64_t>(t.end), t.sha256);
  }
}

std::optional<TensorHeader> tensor_header(pqxx::transaction_base& tx, const std::string& oid) {
  const auto rows = tx.exec_params(kHeaderByOid, oid);
  if (rows.empty()) return std::nullopt;
  TensorHeader header;
  header.safetensors = rows[0][0].as<bool>();
  if (!rows[0][1].is_null()) {
    // A malformed header has no tensors, whatever rows an older, laxer reading left behind.
    header.error = rows[0][1].as<std::string>();
    return header;
  }
  for (const auto& r : tx.exec_params(kHashesByOid, oid)) {
    header.tensors.push_back(TensorHash{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                                        static_cast<std::uint64_t>(r[3].as<std::int64_t>()),
                                        static_cast<std::uint64_t>(r[4].as<std::int64_t>()), r[5].as<std::string>()});
  }
  return header;
}

}  // namespace hub::repos

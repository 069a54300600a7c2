#pragma once
// SQL over repos.tensor_hashes: the per-tensor hashes of a safetensors LFS object, taken once as it
// was uploaded, so diffs never read tensor data again.
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/repos/domain/safetensors.hpp"

namespace hub::repos {

void insert_tensor_hashes(pqxx::work& tx, const std::string& oid, const std::vector<TensorHash>& tensors);
// By name.
std::vector<TensorHash> tensor_hashes(pqxx::transaction_base& tx, const std::string& oid);

}  // namespace hub::repos

#pragma once
// SQL over repos.tensor_headers and repos.tensor_hashes: what reading each LFS upload as a
// safetensors file found and, for a sound one, the hash of each tensor, taken once as it was
// uploaded, so diffs never read tensor data again.
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/repos/domain/safetensors.hpp"

namespace hub::repos {

// The header's outcome and its tensors' hashes. An object stored again keeps its first record: the
// same bytes give the same outcome.
void insert_tensor_header(pqxx::work& tx, const std::string& oid, const TensorHeader& header);
// nullopt for an object never examined (stored before uploads were); tensors by name.
std::optional<TensorHeader> tensor_header(pqxx::transaction_base& tx, const std::string& oid);

}  // namespace hub::repos

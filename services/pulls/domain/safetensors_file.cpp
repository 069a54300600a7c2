#include "services/pulls/domain/safetensors_file.hpp"

#include <algorithm>
#include <utility>

#include "common/crypto/sha256.hpp"
#include "common/domain/safetensors_header.hpp"

namespace hub::pulls {

SafetensorsFile read_safetensors_file(std::string path, std::string_view bytes) {
  SafetensorsFile file;
  file.path = std::move(path);
  auto header = domain::parse_safetensors_header(bytes, bytes.size());
  if (!header) {
    file.error = header.error();
    return file;
  }
  // The parser checked every range against the data section, which is all of `bytes` past the header.
  const std::string_view data = bytes.substr(domain::kSafetensorsPrefix + header->header_length);
  for (const auto& t : header->tensors) {
    file.tensors.push_back(TensorRecord{
        t.name, t.dtype, t.shape,
        crypto::sha256_hex(data.substr(static_cast<std::size_t>(t.begin), static_cast<std::size_t>(t.end - t.begin)))});
  }
  std::sort(file.tensors.begin(), file.tensors.end(),
            [](const TensorRecord& a, const TensorRecord& b) { return a.name < b.name; });
  return file;
}

}  // namespace hub::pulls

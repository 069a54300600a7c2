// The common safetensors header parser (repos' uploads, pulls' files in git): any bytes give a
// header or a reason, never a crash, and a header it accepts keeps its promises: every tensor inside
// the data section, none overlapping, a known dtype's size exactly its bytes.
#include "common/domain/safetensors_header.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The whole file, and the same bytes as the head of a file that goes on (as an upload is seen
  // before its data arrives).
  for (const std::uint64_t file_size : {static_cast<std::uint64_t>(size), static_cast<std::uint64_t>(size) + 4096}) {
    auto header = hub::domain::parse_safetensors_header(bytes, file_size);
    if (!header) {
      if (header.error().empty()) std::abort();  // a refusal says why
      continue;
    }
    if (hub::domain::kSafetensorsPrefix + header->header_length + header->data_size != file_size) std::abort();
    std::uint64_t furthest = 0;
    for (const auto& t : header->tensors) {
      if (t.begin > t.end || t.end > header->data_size) std::abort();
      if (t.begin < t.end) {
        if (t.begin < furthest) std::abort();
        furthest = std::max(furthest, t.end);
      }
      if (const auto bits = hub::domain::safetensors_dtype_bits(t.dtype)) {
        const auto n = hub::domain::element_count(t.shape);
        if (!n || *n * *bits / 8 != t.end - t.begin) std::abort();
      }
    }
  }
  return 0;
}

// The safetensors header parser, fed in pieces as an upload streams: any bytes are recognised or
// not, never a crash; every tensor found lies inside the data section.
#include "services/repos/domain/safetensors.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  hub::repos::SafetensorsHasher hasher(size);
  // Pieces of varying sizes, picked by the data itself.
  std::size_t at = 0;
  while (at < size) {
    const std::size_t piece = 1 + static_cast<unsigned char>(bytes[at]) % 64;
    hasher.update(bytes.substr(at, piece));
    at += piece;
  }
  for (const auto& t : hasher.finish()) {
    if (t.begin > t.end || t.end > size || t.sha256.size() != 64) std::abort();
  }
  return 0;
}

#pragma once
// Reads a safetensors file as it streams past (8-byte little-endian header length, a JSON header
// naming each tensor's dtype, shape and byte range in the data section, then the data) and hashes
// each tensor's bytes with SHA-256, so a pull request's diff can compare tensors without reading
// the data again. Recognised by content, not by name: LFS uploads arrive by hash alone.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto/sha256.hpp"

namespace hub::repos {

struct TensorHash {
  std::string name;
  std::string dtype;
  std::string shape_json;            // [d0, d1, …]
  std::uint64_t begin = 0, end = 0;  // within the data section
  std::string sha256;                // of those bytes, hex
};

class SafetensorsHasher {
 public:
  // `total` is the file's size: a header that does not fit it means "not safetensors".
  explicit SafetensorsHasher(std::uint64_t total);
  ~SafetensorsHasher();
  SafetensorsHasher(const SafetensorsHasher&) = delete;
  SafetensorsHasher& operator=(const SafetensorsHasher&) = delete;

  void update(std::string_view bytes);
  // The tensors, once every byte went through, if the file was a valid safetensors file; else empty.
  std::vector<TensorHash> finish();
  bool recognised() const { return state_ != State::kRejected; }

 private:
  enum class State { kLength, kHeader, kData, kRejected };
  void parse_header();
  void feed_data(std::string_view bytes);

  struct Active {
    TensorHash tensor;
    std::unique_ptr<crypto::Sha256> hash;
  };
  std::uint64_t total_;
  State state_ = State::kLength;
  std::string buffer_;  // the length, then the header
  std::uint64_t header_length_ = 0;
  std::uint64_t data_offset_ = 0;  // bytes of the data section seen
  std::vector<Active> tensors_;    // sorted by begin
  std::size_t next_ = 0;           // the first tensor not yet complete
};

// At most this much header is read: the format allows 100 MB.
inline constexpr std::uint64_t kMaxSafetensorsHeader = 100ULL << 20;

}  // namespace hub::repos

#pragma once
// Reads a safetensors file as it streams past (8-byte little-endian header length, a JSON header
// naming each tensor's dtype, shape and byte range in the data section, then the data) and hashes
// each tensor's bytes with SHA-256, so a pull request's diff can compare tensors without reading
// the data again. Recognised by content, not by name: LFS uploads arrive by hash alone. The header
// is checked by common's parser (common/domain/safetensors_header.hpp), which pulls uses too.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/crypto/sha256.hpp"
#include "common/domain/safetensors_header.hpp"

namespace hub::repos {

struct TensorHash {
  std::string name;
  std::string dtype;
  std::string shape_json;            // [d0, d1, …]
  std::uint64_t begin = 0, end = 0;  // within the data section
  std::string sha256;                // of those bytes, hex
};

// What reading an LFS object as a safetensors file found. An object whose name ends in .safetensors
// with an error is a malformed model file; most other objects are "not safetensors" for a reason
// (their first bytes are no plausible header length).
struct TensorHeader {
  // The content announces a safetensors header: its first 8 bytes give a length that fits the file
  // and the header starts with '{'. Sound or not.
  bool safetensors = false;
  std::optional<std::string> error;  // why it is not a sound safetensors file; nullopt when it is
  std::vector<TensorHash> tensors;   // when it is
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
  // False once the bytes are known not to be a sound safetensors file: feeding more is pointless.
  bool recognised() const { return state_ != State::kRejected; }
  // Why they are not (set by update() or finish()).
  const std::optional<std::string>& rejection() const { return rejection_; }
  // See TensorHeader::safetensors.
  bool announces_safetensors() const { return announced_; }
  // finish() with what it found, for the record of an upload.
  TensorHeader examine();

 private:
  enum class State { kLength, kHeader, kData, kRejected };
  void reject(std::string why);
  void parse_header();
  void feed_data(std::string_view bytes);

  struct Active {
    TensorHash tensor;
    std::unique_ptr<crypto::Sha256> hash;
  };
  std::uint64_t total_;
  State state_ = State::kLength;
  std::optional<std::string> rejection_;
  bool announced_ = false;
  std::string buffer_;  // the length, then the header
  std::uint64_t header_length_ = 0;
  std::uint64_t data_offset_ = 0;  // bytes of the data section seen
  std::vector<Active> tensors_;    // sorted by begin
  std::size_t next_ = 0;           // the first tensor not yet complete
};

}  // namespace hub::repos

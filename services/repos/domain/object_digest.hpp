#pragma once
// What the hub learns of an LFS object from its bytes, read once from the first to the last: its
// SHA-256 (the oid) and what reading it as a safetensors file finds (safetensors.hpp). An upload
// and an import (`hub-repos admin import-lfs`) both read objects through this, so both record the
// same rows for the same bytes.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/crypto/sha256.hpp"
#include "services/repos/domain/safetensors.hpp"

namespace hub::repos {

class ObjectDigest {
 public:
  // `size` is the object's: a safetensors header that does not fit it is no safetensors header.
  explicit ObjectDigest(std::uint64_t size) : tensors_(size) {}

  void update(std::string_view bytes) {
    seen_ += bytes.size();
    hash_.update(bytes);
    if (tensors_.recognised()) tensors_.update(bytes);
  }
  std::uint64_t seen() const { return seen_; }
  // Once every byte went through, each called once: the oid (lower-case hex), and the record of
  // what the bytes are as a safetensors file.
  std::string oid() { return hash_.finish_hex(); }
  TensorHeader examine() { return tensors_.examine(); }

 private:
  crypto::Sha256 hash_;
  SafetensorsHasher tensors_;
  std::uint64_t seen_ = 0;
};

}  // namespace hub::repos

#pragma once
// A small safetensors file kept in git itself (not in LFS), read whole: its header parsed by the same
// parser repos runs over LFS uploads, and each tensor's bytes hashed, so it enters the diff exactly
// as an LFS file's tensors do.
#include <string>
#include <string_view>

#include "services/pulls/domain/model_diff.hpp"

namespace hub::pulls {

// The file's tensors by name, or the error that makes its header malformed.
SafetensorsFile read_safetensors_file(std::string path, std::string_view bytes);

}  // namespace hub::pulls

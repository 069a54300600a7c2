#pragma once
// The tensors of a safetensors file at a revision, as the model-aware diff and tensor comments see
// them: an LFS file's from the hashes repos took at upload (the weights are never read again), a
// small file kept in git read whole and hashed here.
#include <optional>
#include <string>

#include "services/pulls/app/peers.hpp"
#include "services/pulls/domain/model_diff.hpp"

namespace hub::pulls {

// Larger files kept in git (not LFS) are not read for their tensors.
inline constexpr std::int64_t kMaxGitSafetensors = 64LL << 20;

// The file's tensors, or why they cannot be read; nullopt when the revision has no such file.
std::optional<SafetensorsFile> safetensors_at(const Peers& peers, const std::string& repo_id, const std::string& rev,
                                              const std::string& path, const std::string& request_id);

// The SHA-256 of one tensor's bytes; nullopt when the file has no such tensor.
std::optional<std::string> tensor_hash(const Peers& peers, const std::string& repo_id, const std::string& rev,
                                       const std::string& path, const std::string& tensor,
                                       const std::string& request_id);

}  // namespace hub::pulls

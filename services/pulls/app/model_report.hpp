#pragma once
// The model-aware part of a pull request's changes: for the safetensors files and shard indexes it
// changes, what happened to each model's tensors (domain/model_diff.hpp), and for the configs and
// the model card it changes, their key-level diffs. Built from headers and the per-tensor hashes
// repos took at upload (an LFS file's weights are never read again), small files read from git.
#include <string>
#include <vector>

#include "services/pulls/app/peers.hpp"
#include "services/pulls/domain/key_diff.hpp"
#include "services/pulls/domain/model_diff.hpp"
#include "services/pulls/domain/review.hpp"

namespace hub::pulls {

struct ModelReport {
  ModelDiff models;
  std::vector<FileKeyDiff> configs;  // configs and the model card, by path
};

// `merge_base` and `head` are the pull request's two sides, as commit shas.
ModelReport model_report(const Peers& peers, const PullRow& pull, const std::string& merge_base,
                         const std::string& head, const std::string& request_id);

}  // namespace hub::pulls

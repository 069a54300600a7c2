#pragma once
// A Git LFS batch API request (`POST …/info/lfs/objects/batch`), read into what the batch handler
// decides on. Pure: the objects' oids are checked one by one later, each answered with its own
// error, as the protocol wants.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hub::repos {

inline constexpr std::size_t kMaxBatchObjects = 1000;

struct LfsBatchRequest {
  bool upload = false;                                        // else download
  std::vector<std::pair<std::string, std::int64_t>> objects;  // oid and size, as asked
};

// Throws ApiError: 400 for a malformed body or operation, 413 past kMaxBatchObjects, 422 for a
// hash algorithm other than sha256.
LfsBatchRequest parse_lfs_batch_request(std::string_view body);

}  // namespace hub::repos

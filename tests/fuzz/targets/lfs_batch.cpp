// LFS batch requests: a typed request or a 4xx, never a crash, never more objects than allowed.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/error/api_error.hpp"
#include "services/repos/domain/lfs_batch_request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    auto r = hub::repos::parse_lfs_batch_request(std::string_view(reinterpret_cast<const char*>(data), size));
    if (r.objects.size() > hub::repos::kMaxBatchObjects) std::abort();
  } catch (const hub::ApiError& e) {
    const int status = e.status();
    if (status < 400 || status >= 500) std::abort();
  }
  return 0;
}

// One line of the NDJSON commit format: a typed operation or a 400, never a crash; every path it
// lets through is one a repo may hold.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/error/api_error.hpp"
#include "common/util/utf8.hpp"
#include "services/repos/domain/commit_format.hpp"
#include "services/repos/domain/lfs_pointer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  try {
    auto op = hub::repos::parse_commit_line(line);
    if (auto* f = std::get_if<hub::repos::CommitFile>(&op)) {
      if (f->path.empty() || f->path.front() == '/' || !hub::util::valid_utf8(f->path)) std::abort();
      if (hub::repos::parse_lfs_pointer(f->bytes)) std::abort();  // a pointer is always read as an LFS file
    } else if (auto* l = std::get_if<hub::repos::CommitLfsFile>(&op)) {
      if (!hub::repos::valid_oid(l->oid)) std::abort();
    }
  } catch (const hub::ApiError& e) {
    if (e.code() != hub::ErrorCode::kBadRequest) std::abort();
  }
  return 0;
}

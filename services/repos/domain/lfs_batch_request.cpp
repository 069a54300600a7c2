#include "services/repos/domain/lfs_batch_request.hpp"

#include "common/error/api_error.hpp"
#include "common/json/json.hpp"

namespace hub::repos {

LfsBatchRequest parse_lfs_batch_request(std::string_view text) {
  auto body = json::parse_object(text).or_throw();
  LfsBatchRequest out;
  const std::string_view operation = json::get_string(body, "operation").or_throw();
  if (operation != "upload" && operation != "download") {
    throw ApiError(ErrorCode::kBadRequest, "operation is upload or download");
  }
  out.upload = operation == "upload";
  if (auto algo = json::get_optional_string(body, "hash_algo").or_throw()) {
    if (*algo != "sha256" && *algo != "sha_256") throw ApiError(ErrorCode::kUnprocessable, "only sha256 objects");
  }
  const json::Value* objects = json::get_array(body, "objects").or_throw();
  if (objects->Size() > kMaxBatchObjects) throw ApiError(ErrorCode::kPayloadTooLarge, "at most 1000 objects per batch");
  for (const auto& o : objects->GetArray()) {
    if (!o.IsObject()) throw ApiError(ErrorCode::kBadRequest, "each object is {oid, size}");
    out.objects.emplace_back(std::string(json::get_string(o, "oid").or_throw()), json::get_int(o, "size").or_throw());
  }
  return out;
}

}  // namespace hub::repos

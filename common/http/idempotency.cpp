#include "common/http/idempotency.hpp"

#include <algorithm>

#include "common/crypto/sha256.hpp"
#include "common/error/api_error.hpp"

namespace hub::http {

std::optional<IdempotencyKey> idempotency_key(const Request& request) {
  const std::string_view key = request.headers.get("Idempotency-Key");
  if (key.empty()) return std::nullopt;
  if (key.size() > 255 || !std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    throw ApiError(ErrorCode::kBadRequest, "Idempotency-Key is 1 to 255 printable characters");
  }
  return IdempotencyKey{std::string(key),
                        crypto::sha256_hex(request.method + " " + request.path + "\n" + request.body)};
}

}  // namespace hub::http

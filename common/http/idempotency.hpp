#pragma once
// An extension POST's Idempotency-Key (docs/conventions.md), bound to what the request asks: a
// retry with the same key and the same request answers as the first did; the same key with another
// request is refused (common/db/idempotency.hpp keeps the answers).
#include <optional>
#include <string>

#include "common/http/message.hpp"

namespace hub::http {

struct IdempotencyKey {
  std::string key;
  std::string request_hash;  // of method, path and body
};

// The request's key, or nullopt without one; 400 for a key that is not 1 to 255 printable characters.
std::optional<IdempotencyKey> idempotency_key(const Request& request);

}  // namespace hub::http

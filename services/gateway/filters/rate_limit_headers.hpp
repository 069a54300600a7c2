#pragma once
// The RateLimit and RateLimit-Policy headers, in the IETF draft's structured form the Hub uses:
// every limited answer (the rate limits' buckets, the refusal budget) says where the caller stands.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace hub::gateway {

// `"api";r=12;t=40` and `"api";q=1000;w=300`.
std::string rate_limit_header(std::string_view bucket, std::int64_t remaining, std::int64_t reset_seconds);
std::string rate_limit_policy_header(std::string_view bucket, std::int64_t quota, std::chrono::seconds window);

}  // namespace hub::gateway

#pragma once
// Deterministic bytes of any length, so streaming tests can check a gigabyte end to end without
// storing it: byte i is a mix of i's bits.
#include <cstddef>
#include <cstdint>

#include "common/http/message.hpp"

namespace hub::test {

inline char pattern_byte(std::uint64_t i) {
  std::uint64_t x = i * 0x9E3779B97F4A7C15ULL;
  return static_cast<char>((x >> 29) ^ (i >> 12));
}

inline void fill_pattern(char* data, std::size_t size, std::uint64_t offset) {
  for (std::size_t k = 0; k < size; ++k)
    data[k] = pattern_byte(offset + k);
}

// A BodySource of `length` pattern bytes starting at `offset`.
class PatternSource : public http::BodySource {
 public:
  PatternSource(std::uint64_t offset, std::uint64_t length) : next_(offset), left_(length) {}
  std::size_t read(char* data, std::size_t size) override {
    std::size_t n = static_cast<std::size_t>(left_ < size ? left_ : size);
    fill_pattern(data, n, next_);
    next_ += n;
    left_ -= n;
    return n;
  }

 private:
  std::uint64_t next_;
  std::uint64_t left_;
};

}  // namespace hub::test

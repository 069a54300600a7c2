#include "common/util/random.hpp"

#include <random>

namespace hub::util {

std::string random_id() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    std::seed_seq seq{device(), device(), device(), device()};
    return std::mt19937_64(seq);
  }()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = engine();
    for (int i = 0; i < 16; ++i) {
      out[static_cast<std::size_t>(half * 16 + i)] = kDigits[bits & 0xf];
      bits >>= 4;
    }
  }
  return out;
}

}  // namespace hub::util

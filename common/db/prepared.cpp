#include "common/db/prepared.hpp"

#include <atomic>

namespace hub::db {
namespace {
std::atomic<bool> named{true};
}  // namespace

void use_named_statements(bool on) {
  named.store(on);
}

bool named_statements() {
  return named.load(std::memory_order_relaxed);
}

}  // namespace hub::db

#include "common/events/after_commit.hpp"

#include <exception>
#include <utility>

#include "common/log/log.hpp"

namespace hub::events {

void AfterCommit::add(std::function<void()> action) {
  actions_.push_back(std::move(action));
}

void AfterCommit::run() noexcept {
  auto actions = std::exchange(actions_, {});
  for (auto& action : actions) {
    try {
      action();
    } catch (const std::exception& e) {
      // Committed already: the event stays handled, and the action was only a signal.
      log::warn("after-commit action failed", {{"error", e.what()}});
    } catch (...) {
      log::warn("after-commit action failed", {{"error", "unknown exception"}});
    }
  }
}

}  // namespace hub::events

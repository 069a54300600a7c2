#pragma once
// What an event handler wants done once its transaction has committed, and never if it rolls back:
// a network call (a Redis publish, a peer call) that must neither run while the transaction is open
// nor announce a change a rollback then undoes.
//
// Why a list passed to the handler rather than a function the handler returns: the handler is often
// a chain of calls (a service's on_event, its use case, a helper), and any of them may have work for
// after the commit, or several pieces of it; a list lets each add its own where it knows it, while a
// handler with nothing to add ignores the argument instead of returning an empty function.
//
// Best effort, like every after-commit signal here: the transaction that recorded the event is the
// source of truth. An action that throws is logged and the others still run; a process that dies
// between the commit and the actions loses them, since the event will not be handled again (its id
// is recorded), so an action is only ever a signal that something else repairs (a cache's TTL, a
// reconciler), never the only record of a change.
#include <functional>
#include <vector>

namespace hub::events {

class AfterCommit {
 public:
  // Runs on the consumer's thread before it reads the next entry, so what the action references
  // need only outlive the handler's caller, not the handler.
  void add(std::function<void()> action);
  // Once the transaction committed: every action in the order added, each at most once.
  void run() noexcept;
  bool empty() const { return actions_.empty(); }

 private:
  std::vector<std::function<void()>> actions_;
};

}  // namespace hub::events

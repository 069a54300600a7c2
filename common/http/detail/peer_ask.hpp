#pragma once
// A question to a peer asked from an I/O thread (action::Ask, ask_in_background).
#include <optional>

#include "common/http/action.hpp"
#include "common/http/detail/io_thread.hpp"

namespace hub::http::detail {

// Asks ask.call over the thread's pooled connections, then runs ask.then on this I/O thread; what it
// throws becomes an error answer.
net::awaitable<Action> ask_peer(IoThread& thread, Request& request, action::Ask& ask);

}  // namespace hub::http::detail

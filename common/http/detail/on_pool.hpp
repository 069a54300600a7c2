#pragma once
// Hands blocking work from an I/O thread's coroutine to the worker pool and resumes the coroutine on
// its own thread with the result.
#include <exception>
#include <memory>

#include "common/http/detail/beast.hpp"
#include "common/work/worker_pool.hpp"

namespace hub::http::detail {

struct QueueFull : std::exception {
  const char* what() const noexcept override { return "work queue full"; }
};

// Runs f() on the worker pool and resumes the awaiting coroutine on its own executor with f's result
// (or its exception); throws QueueFull into the coroutine when the pool refuses the job. Not itself a
// coroutine: GCC 12 mishandles by-value class parameters of coroutines, so none of ours take any.
// For the same reason `f` must be a named object, never a temporary inside the co_await expression
// (GCC 12 may destroy such temporaries twice): `auto job = [..]{..}; co_await on_pool<T>(pool, job);`
template <class T, class F>
net::awaitable<T> on_pool(work::WorkerPool& pool, const F& f) {
  return net::async_initiate<decltype(net::use_awaitable), void(std::exception_ptr, T)>(
      [&pool](auto handler, F job) {
        auto ex = net::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        bool accepted = pool.try_submit([shared, ex, job = std::move(job)]() mutable {
          std::exception_ptr error;
          T result{};
          try {
            result = job();
          } catch (...) {
            error = std::current_exception();
          }
          net::post(ex, [shared, error, result = std::move(result)]() mutable { (*shared)(error, std::move(result)); });
        });
        if (!accepted) {
          net::post(ex, [shared]() mutable { (*shared)(std::make_exception_ptr(QueueFull{}), T{}); });
        }
      },
      net::use_awaitable, f);
}

}  // namespace hub::http::detail

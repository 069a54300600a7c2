#pragma once
// Sockets with inactivity deadlines, enforced by one sweeper per I/O thread.
#include <time.h>

#include <chrono>
#include <list>

#include "common/http/detail/beast.hpp"

namespace hub::http::detail {

// The clock deadlines are set by: the kernel's monotonic clock at its tick's granularity, read
// without the hardware counter. Deadlines are swept every quarter second, so being a few
// milliseconds behind is nothing, and every read and write sets one.
inline std::chrono::steady_clock::time_point coarse_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return std::chrono::steady_clock::time_point(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec));
}

// A TCP socket whose operations have inactivity deadlines without a timer per operation. Beast's
// tcp_stream arms a timer on every read and write, and each arming is a timerfd syscall; a streamed
// body pays that per chunk and a proxied request four times. Here an operation only records when it
// must end, and one sweeper per I/O thread (see SocketRegistry) cancels the overdue ones every
// quarter second, after which the operation completes with beast::error::timeout.
class SocketRegistry;

class TimedSocket {
 public:
  using executor_type = tcp::socket::executor_type;

  TimedSocket(tcp::socket socket, SocketRegistry& registry);
  ~TimedSocket();
  TimedSocket(const TimedSocket&) = delete;
  TimedSocket& operator=(const TimedSocket&) = delete;

  executor_type get_executor() noexcept { return socket_.get_executor(); }
  tcp::socket& socket() { return socket_; }

  // The inactivity limit for every operation started from now on.
  void arm(std::chrono::milliseconds limit) { limit_ = limit; }
  // An absolute limit on top of it, for work that must end in bounded time however the peer drips
  // bytes (a request header, a lingering close).
  void set_hard_deadline(std::chrono::steady_clock::time_point t) { hard_deadline_ = t; }
  void clear_hard_deadline() { hard_deadline_ = std::chrono::steady_clock::time_point::max(); }
  // Brings the deadline forward to `t`, for the operation in progress too.
  void shorten_deadline(std::chrono::steady_clock::time_point t) {
    hard_deadline_ = std::min(hard_deadline_, t);
    deadline_ = std::min(deadline_, t);
  }
  void cancel() {
    error_code ec;
    socket_.cancel(ec);
  }
  void close() {
    error_code ec;
    socket_.close(ec);
  }
  bool timed_out() const { return timed_out_; }

  template <class Buffers, class Token>
  auto async_read_some(const Buffers& buffers, Token&& token) {
    return timed_transfer([this](const Buffers& b, auto done) { socket_.async_read_some(b, std::move(done)); }, buffers,
                          token);
  }

  template <class Buffers, class Token>
  auto async_write_some(const Buffers& buffers, Token&& token) {
    return timed_transfer([this](const Buffers& b, auto done) { socket_.async_write_some(b, std::move(done)); },
                          buffers, token);
  }

  template <class Token>
  auto async_connect(const tcp::endpoint& endpoint, Token&& token) {
    return net::async_initiate<Token, void(error_code)>(
        [this](auto handler, const tcp::endpoint& e) {
          begin();
          socket_.async_connect(e, [this, h = std::move(handler)](error_code ec) mutable {
            end(ec);
            std::move(h)(ec);
          });
        },
        token, endpoint);
  }

 private:
  friend class SocketRegistry;
  // Starts `start` (a read or a write on the socket) under this socket's deadline.
  template <class Start, class Buffers, class Token>
  auto timed_transfer(Start start, const Buffers& buffers, Token& token) {
    return net::async_initiate<Token, void(error_code, std::size_t)>(
        [this, start](auto handler, const Buffers& b) {
          begin();
          start(b, [this, h = std::move(handler)](error_code ec, std::size_t n) mutable {
            end(ec);
            std::move(h)(ec, n);
          });
        },
        token, buffers);
  }
  void begin() {
    // A timeout belongs to the operations it cut short; a later operation starts with a clean slate.
    if (pending_ == 0) timed_out_ = false;
    ++pending_;
    deadline_ = std::min(coarse_now() + limit_, hard_deadline_);
  }
  void end(error_code& ec) {
    --pending_;
    if (timed_out_ && ec) ec = beast::error::timeout;
  }

  tcp::socket socket_;
  SocketRegistry& registry_;
  std::list<TimedSocket*>::iterator position_;
  std::chrono::milliseconds limit_{30000};
  std::chrono::steady_clock::time_point deadline_{};
  std::chrono::steady_clock::time_point hard_deadline_ = std::chrono::steady_clock::time_point::max();
  int pending_ = 0;
  bool timed_out_ = false;
};

// The sockets of one I/O thread, and the sweeper that enforces their deadlines. Touched only by that
// thread.
class SocketRegistry {
 public:
  static constexpr std::chrono::milliseconds kSweepInterval{250};

  void add(TimedSocket* s) { s->position_ = sockets_.insert(sockets_.end(), s); }
  void remove(TimedSocket* s) { sockets_.erase(s->position_); }
  // Cancels every overdue operation.
  void sweep(std::chrono::steady_clock::time_point now) {
    for (TimedSocket* s : sockets_) {
      if (s->pending_ > 0 && now > s->deadline_ && !s->timed_out_) {
        s->timed_out_ = true;
        s->cancel();
      }
    }
  }
  // Runs sweep() every kSweepInterval until the io_context stops.
  net::awaitable<void> run();

 private:
  std::list<TimedSocket*> sockets_;
};

inline TimedSocket::TimedSocket(tcp::socket socket, SocketRegistry& registry)
    : socket_(std::move(socket)), registry_(registry) {
  registry_.add(this);
}

inline TimedSocket::~TimedSocket() {
  registry_.remove(this);
}

}  // namespace hub::http::detail

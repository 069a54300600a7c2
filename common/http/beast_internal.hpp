#pragma once
// Shared by the few files that instantiate Beast and Asio (server, proxy, client). Nothing outside
// common/http includes this.
#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <memory>
#include <memory_resource>
#include <string>
#include <string_view>

#include "common/http/message.hpp"
#include "common/work/worker_pool.hpp"

namespace hub::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

constexpr std::size_t kChunk = 64 * 1024;

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded; framing
// (Content-Length, Transfer-Encoding) is set by the serializer from the parsed message instead.
bool is_hop_by_hop(std::string_view name);
// Client-supplied identity headers: only the gateway may set X-Hub-*.
bool is_internal_header(std::string_view name);

// Copies Beast fields into plain headers.
template <class Fields>
Headers to_headers(const Fields& fields) {
  Headers out;
  out.reserve(16);  // room for what the handler chain adds (the gateway adds four or five)
  for (const auto& f : fields)
    out.add(std::string_view(f.name_string()), std::string_view(f.value()));
  return out;
}

// Method, target, version, the caller's headers and Host: the part every outgoing request shares
// (the blocking client's and a peer call's).
template <class Message, class Request>
void start_message(Message& message, const Request& request, const std::string& host) {
  message.method_string(request.method);
  message.target(request.target);
  message.version(11);
  for (const auto& h : request.headers)
    message.insert(h.name, h.value);
  message.set(bhttp::field::host, host);
}

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

#include <chrono>
#include <list>
#include <memory_resource>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/http/server.hpp"
#include "common/metrics/metrics.hpp"

namespace hub::http::detail {

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
    return net::async_initiate<Token, void(error_code, std::size_t)>(
        [this](auto handler, const Buffers& b) {
          begin();
          socket_.async_read_some(b, [this, h = std::move(handler)](error_code ec, std::size_t n) mutable {
            end(ec);
            std::move(h)(ec, n);
          });
        },
        token, buffers);
  }

  template <class Buffers, class Token>
  auto async_write_some(const Buffers& buffers, Token&& token) {
    return net::async_initiate<Token, void(error_code, std::size_t)>(
        [this](auto handler, const Buffers& b) {
          begin();
          socket_.async_write_some(b, [this, h = std::move(handler)](error_code ec, std::size_t n) mutable {
            end(ec);
            std::move(h)(ec, n);
          });
        },
        token, buffers);
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
  void begin() {
    // A timeout belongs to the operations it cut short; a later operation starts with a clean slate.
    if (pending_ == 0) timed_out_ = false;
    ++pending_;
    deadline_ = std::min(std::chrono::steady_clock::now() + limit_, hard_deadline_);
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

// Fixed-size blocks kept per thread for reuse: the proxy's per-exchange buffers would otherwise be a
// malloc and a free (and heap consolidation) on every request.
template <std::size_t Size>
class BlockPool {
 public:
  static std::unique_ptr<char[]> take() {
    auto& s = spare();
    if (s.empty()) return std::unique_ptr<char[]>(new char[Size]);
    auto b = std::move(s.back());
    s.pop_back();
    return b;
  }
  static void give(std::unique_ptr<char[]> block) {
    auto& s = spare();
    if (s.size() < kKeptPerThread) s.push_back(std::move(block));
  }

 private:
  static constexpr std::size_t kKeptPerThread = 64;
  static std::vector<std::unique_ptr<char[]>>& spare() {
    thread_local std::vector<std::unique_ptr<char[]>> blocks;
    return blocks;
  }
};

// A read buffer for one exchange, taken from a few kept per thread: a header-sized buffer is a malloc
// and a free per proxied request otherwise. One that grew for a streamed body is not kept.
class ReusedReadBuffer {
 public:
  static constexpr std::size_t kKeptCapacity = 16 * 1024;
  explicit ReusedReadBuffer(std::size_t max_size) {
    auto& s = spare();
    if (!s.empty()) {
      buffer_ = std::move(s.back());
      s.pop_back();
    }
    buffer_.max_size(max_size);
    buffer_.reserve(8 * 1024);
  }
  ~ReusedReadBuffer() {
    auto& s = spare();
    if (buffer_.capacity() <= kKeptCapacity && s.size() < 64) {
      buffer_.clear();
      s.push_back(std::move(buffer_));
    }
  }
  ReusedReadBuffer(const ReusedReadBuffer&) = delete;
  ReusedReadBuffer& operator=(const ReusedReadBuffer&) = delete;
  beast::flat_buffer& get() { return buffer_; }

 private:
  static std::vector<beast::flat_buffer>& spare() {
    thread_local std::vector<beast::flat_buffer> buffers;
    return buffers;
  }
  beast::flat_buffer buffer_;
};

// Header fields of the messages of one exchange live in an arena: Beast allocates every field on
// its own, and a proxied exchange parses and builds four headers. The arena starts in a block kept
// per thread and falls back to the heap only for unusually large headers.
using FieldAlloc = std::pmr::polymorphic_allocator<char>;
using ArenaFields = bhttp::basic_fields<FieldAlloc>;
template <class Body>
using ArenaRequest = bhttp::request<Body, ArenaFields>;
template <class Body>
using ArenaResponse = bhttp::response<Body, ArenaFields>;
template <class Body>
using ArenaRequestParser = bhttp::request_parser<Body, FieldAlloc>;
template <class Body>
using ArenaResponseParser = bhttp::response_parser<Body, FieldAlloc>;

class ExchangeArena {
 public:
  static constexpr std::size_t kBlock = 16 * 1024;
  ExchangeArena()
      : block_(BlockPool<kBlock>::take()), resource_(block_.get(), kBlock, std::pmr::new_delete_resource()) {}
  ~ExchangeArena() {
    resource_.release();
    BlockPool<kBlock>::give(std::move(block_));
  }
  ExchangeArena(const ExchangeArena&) = delete;
  ExchangeArena& operator=(const ExchangeArena&) = delete;

  FieldAlloc allocator() { return FieldAlloc(&resource_); }
  // The constructor arguments that give a Beast message or parser fields in this arena.
  auto fields() { return std::make_tuple(allocator()); }

 private:
  std::unique_ptr<char[]> block_;
  std::pmr::monotonic_buffer_resource resource_;
};

// Hot-path I/O (wire.cpp). The sockets are non-blocking, so a send is tried at once.
enum class ReadUntil { kHeader, kMessage };
// Feeds the parser from `buffer` and the socket until the header (or, for a buffer_body, the whole
// message or a full body buffer: need_buffer) is parsed. Errors are Beast's: end_of_stream when the
// peer closed before a byte, partial_message, header_limit, buffer_overflow, timeout.
template <bool isRequest>
net::awaitable<void> read_parsed(TimedSocket& s, beast::flat_buffer& buffer, bhttp::basic_parser<isRequest>& parser,
                                 ReadUntil until, error_code& ec);
// Sends both pieces, in one sendmsg when the socket has room.
net::awaitable<void> send_all(TimedSocket& s, const std::array<net::const_buffer, 2>& pieces, error_code& ec);
// Appends a message header as it goes on the wire: start line, fields, blank line.
template <class Fields>
void render_header(std::pmr::string& out, const bhttp::request<bhttp::buffer_body, Fields>& m) {
  out.append(m.method_string())
      .append(" ")
      .append(m.target())
      .append(m.version() == 10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
  for (const auto& f : m)
    out.append(f.name_string()).append(": ").append(f.value()).append("\r\n");
  out.append("\r\n");
}
template <class Fields>
void render_header(std::pmr::string& out, const bhttp::response<bhttp::buffer_body, Fields>& m) {
  char status[4] = {static_cast<char>('0' + m.result_int() / 100 % 10),
                    static_cast<char>('0' + m.result_int() / 10 % 10), static_cast<char>('0' + m.result_int() % 10),
                    ' '};
  out.append(m.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ").append(status, 4).append(m.reason()).append("\r\n");
  for (const auto& f : m)
    out.append(f.name_string()).append(": ").append(f.value()).append("\r\n");
  out.append("\r\n");
}

// Keep-alive connections to upstreams, one set per I/O thread so no lock is needed: only that
// thread's coroutines touch it.
class UpstreamConnections {
 public:
  UpstreamConnections(std::size_t max_idle_per_key, SocketRegistry& registry)
      : max_idle_(max_idle_per_key), registry_(registry) {}
  // An idle connection that still looks open, or nullptr.
  std::unique_ptr<TimedSocket> take(const std::string& key);
  void give(const std::string& key, std::unique_ptr<TimedSocket> stream);
  SocketRegistry& registry() { return registry_; }

 private:
  struct Idle {
    std::unique_ptr<TimedSocket> stream;
    std::chrono::steady_clock::time_point since;
  };
  std::size_t max_idle_;
  SocketRegistry& registry_;
  std::unordered_map<std::string, std::vector<Idle>> idle_;
};

// Counts `bytes` in a gauge for as long as it lives (memory held for bodies).
class GaugeHold {
 public:
  GaugeHold(metrics::Gauge& gauge, std::int64_t bytes) : gauge_(gauge), bytes_(bytes) { gauge_.add(bytes_); }
  ~GaugeHold() { gauge_.sub(bytes_); }
  GaugeHold(const GaugeHold&) = delete;
  GaugeHold& operator=(const GaugeHold&) = delete;

 private:
  metrics::Gauge& gauge_;
  std::int64_t bytes_;
};

// The one body buffer of an exchange, counted in hub_http_body_buffer_bytes while in use.
class ChunkBuffer {
 public:
  explicit ChunkBuffer(metrics::Gauge& gauge) : data_(BlockPool<kChunk>::take()), hold_(gauge, kChunk) {}
  ~ChunkBuffer() { BlockPool<kChunk>::give(std::move(data_)); }
  ChunkBuffer(const ChunkBuffer&) = delete;
  ChunkBuffer& operator=(const ChunkBuffer&) = delete;
  char* data() { return data_.get(); }

 private:
  std::unique_ptr<char[]> data_;
  GaugeHold hold_;
};

struct ServerMetrics {
  metrics::Gauge& body_buffer_bytes;
  metrics::Gauge& connections;
  metrics::Counter& upstream_errors;
  metrics::Counter& upstream_timeouts;
  metrics::Counter& upstream_retries;
  metrics::Counter& connections_refused;
};

// One client connection; lives in its session coroutine on one I/O thread.
struct Conn {
  TimedSocket stream;
  ExchangeArena* arena = nullptr;  // the current exchange's
  beast::flat_buffer buffer;
  std::string remote;
  bool busy = false;
  const ServerOptions& options;
  Dispatcher& dispatcher;
  work::WorkerPool& workers;
  UpstreamConnections& upstreams;
  ServerMetrics& metrics;
  const std::atomic<bool>& stopping;       // phase one of shutdown: finish, then close
  const std::atomic<bool>& loops_stopped;  // the I/O threads are gone: nothing will complete
};

// A fresh connection to one upstream address (resolving a host name), or nullptr with `ec` set.
net::awaitable<std::unique_ptr<TimedSocket>> connect_upstream(const config::HostPort& address,
                                                              const std::chrono::milliseconds& timeout,
                                                              SocketRegistry& registry, error_code& ec);

const ClassTimeouts& timeouts_for(const ServerOptions& options, RouteClass route_class);

struct Exchange {
  int status = 0;
  std::uint64_t bytes_out = 0;
  bool keep_alive = false;
};

// Writes a complete local response (string, file or source body); HEAD gets the header only.
// `response` is consumed. (Coroutines here take class arguments by reference only; see on_pool.)
net::awaitable<Exchange> write_response(Conn& conn, const Request& request, Response& response, bool keep_alive,
                                        RouteClass route_class);

// write_response(), then a lingering close when the request body was left unread.
net::awaitable<Exchange> answer_locally(Conn& conn, const Request& request, Response& response, bool keep_alive,
                                        RouteClass route_class, bool body_unread);

// Relays one exchange to target.upstream, streaming both bodies through a fixed buffer.
net::awaitable<Exchange> proxy_exchange(Conn& conn, ArenaRequestParser<bhttp::empty_body>& header, Request& request,
                                        const ProxyTarget& target);

// Asks call.upstream call.request (see PeerCall) over the thread's pooled connections, then runs
// call.then on this I/O thread; what it throws becomes an error answer.
net::awaitable<Action> ask_peer(Conn& conn, Request& request, PeerCall& call);

// Half-closes and drains briefly so the client reads our answer instead of a reset, when we answer
// without reading the whole request body.
net::awaitable<void> lingering_close(Conn& conn);

}  // namespace hub::http::detail

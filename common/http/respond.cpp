// Local answers: a complete response written from a string, a file range or a body source, and the
// lingering close after an answer that left the request body unread. Every server writes these;
// the gateway also for its own routes and for errors it answers instead of an upstream.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/http/detail/connection.hpp"
#include "common/http/detail/on_pool.hpp"
#include "common/http/error_response.hpp"
#include "common/log/log.hpp"

namespace hub::http::detail {

const ClassTimeouts& timeouts_for(const ServerOptions& options, RouteClass route_class) {
  switch (route_class) {
    case RouteClass::kApi:
      return options.api;
    case RouteClass::kTransfer:
      return options.transfer;
    case RouteClass::kStream:
      return options.stream;
  }
  return options.api;
}

net::awaitable<void> lingering_close(Conn& conn) {
  error_code ec;
  conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  char sink[8192];
  std::size_t drained = 0;
  // Two seconds in all, however slowly the client drips. The byte bound is generous: closing while
  // the client is still sending makes the kernel answer with a reset, which can discard our answer
  // from the client's buffer before it reads it (seen once as curl reporting only the 100 Continue
  // of an 8 MiB upload answered early: 1 MiB drained, then the reset).
  conn.stream.arm(std::chrono::milliseconds(2000));
  conn.stream.set_hard_deadline(std::chrono::steady_clock::now() + std::chrono::seconds(2));
  while (!ec && drained < (256u << 20)) {
    drained += co_await conn.stream.async_read_some(net::buffer(sink), net::redirect_error(net::use_awaitable, ec));
  }
  conn.stream.socket().close(ec);
}

namespace {

// Produces the next piece of a streamed body into `data`; 0 at the end.
using Producer = std::function<net::awaitable<std::size_t>(char* data, std::size_t size)>;

net::awaitable<std::uint64_t> write_streamed(Conn& conn, bhttp::response<bhttp::buffer_body>& message,
                                             const ClassTimeouts& t, const Producer& produce) {
  ChunkBuffer chunk(conn.metrics.body_buffer_bytes);

  message.body().data = nullptr;
  message.body().more = true;
  bhttp::response_serializer<bhttp::buffer_body> serializer{message};
  conn.stream.arm(t.write);
  co_await bhttp::async_write_header(conn.stream, serializer, net::use_awaitable);
  std::uint64_t sent = 0;
  while (true) {
    std::size_t n = co_await produce(chunk.data(), kChunk);
    if (n == 0) {
      message.body().data = nullptr;
      message.body().size = 0;
      message.body().more = false;
    } else {
      message.body().data = chunk.data();
      message.body().size = n;
      message.body().more = true;
      sent += n;
    }
    error_code ec;
    conn.stream.arm(t.write);
    co_await bhttp::async_write(conn.stream, serializer, net::redirect_error(net::use_awaitable, ec));
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) throw boost::system::system_error(ec);
    if (n == 0) break;
  }
  co_return sent;
}

}  // namespace

net::awaitable<Exchange> answer_locally(Conn& conn, const Request& request, Response& response, bool keep_alive,
                                        RouteClass route_class, bool body_unread) {
  Exchange ex = co_await write_response(conn, request, response, keep_alive && !body_unread, route_class);
  if (body_unread) co_await lingering_close(conn);
  co_return ex;
}

net::awaitable<Exchange> write_response(Conn& conn, const Request& request, Response& response, bool keep_alive,
                                        RouteClass route_class) {
  const ClassTimeouts& t = timeouts_for(conn.options, route_class);
  keep_alive = keep_alive && !conn.draining;  // decided when the answer leaves, not when the request came
  if (!response.headers.has("X-Request-Id")) response.headers.set("X-Request-Id", request.ctx.request_id);
  conn.dispatcher.finish(request, response.headers, response.status);
  const bool head = request.method == "HEAD";
  Exchange out{response.status, 0, keep_alive};

  // A file is opened before the header goes out, so a vanished file is still a clean error.
  int fd = -1;
  if (response.file) {
    fd = ::open(response.file->path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      log::error("cannot open response file", {{"path", response.file->path}, {"errno", errno}});
      response = error_response(ErrorCode::kInternal, "internal error", request.ctx.request_id);
      conn.dispatcher.finish(request, response.headers, response.status);
      out.status = response.status;
    }
  }
  struct CloseFd {
    int fd;
    ~CloseFd() {
      if (fd >= 0) ::close(fd);
    }
  } close_fd{fd};

  std::optional<std::uint64_t> length;
  if (response.file) {
    length = response.file->length;
  } else if (response.source) {
    length = response.source_length;
  } else {
    length = response.body.size();
  }
  const bool bodiless = response.status == 204 || response.status == 304 || response.status < 200;

  if (head || bodiless) {
    // An error to a HEAD has no body to describe: a JSON type on it makes the JS client parse an
    // empty body and throw (its fileExists() sends HEAD).
    const bool head_error = head && response.status >= 400;
    if (head_error) response.headers.remove("Content-Type");
    bhttp::response<bhttp::empty_body> message;
    message.result(static_cast<unsigned>(response.status));
    message.version(11);
    copy_headers(response.headers, message);
    if (!bodiless && !head_error && length) message.content_length(*length);
    message.keep_alive(keep_alive);
    conn.stream.arm(t.write);
    bhttp::response_serializer<bhttp::empty_body> serializer{message};
    co_await bhttp::async_write_header(conn.stream, serializer, net::use_awaitable);
    co_return out;
  }

  if (!response.file && !response.source) {
    bhttp::response<bhttp::string_body> message;
    message.result(static_cast<unsigned>(response.status));
    message.version(11);
    copy_headers(response.headers, message);
    message.body() = std::move(response.body);
    message.keep_alive(keep_alive);
    message.prepare_payload();
    conn.stream.arm(t.write);
    out.bytes_out = message.body().size();
    co_await bhttp::async_write(conn.stream, message, net::use_awaitable);
    co_return out;
  }

  bhttp::response<bhttp::buffer_body> message;
  message.result(static_cast<unsigned>(response.status));
  message.version(11);
  copy_headers(response.headers, message);
  if (length) {
    message.content_length(*length);
  } else if (request.version < 11) {
    keep_alive = false;  // no chunked coding for HTTP/1.0: the body ends when the connection does
    out.keep_alive = false;
  } else {
    message.chunked(true);
  }
  message.keep_alive(keep_alive);

  if (response.file) {
    std::uint64_t offset = response.file->offset;
    std::uint64_t left = response.file->length;
    // Reads come from the page cache in the common case; a short pread is retried, a failed one
    // ends the exchange (the header is already out, so the connection is closed).
    Producer from_file = [&](char* data, std::size_t size) -> net::awaitable<std::size_t> {
      if (left == 0) co_return 0;
      std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size, left));
      ssize_t n = ::pread(fd, data, want, static_cast<off_t>(offset));
      if (n <= 0) throw std::runtime_error("file shrank or failed while being served");
      offset += static_cast<std::uint64_t>(n);
      left -= static_cast<std::uint64_t>(n);
      co_return static_cast<std::size_t>(n);
    };
    out.bytes_out = co_await write_streamed(conn, message, t, from_file);
  } else {
    auto source = response.source;
    Producer from_source = [&](char* data, std::size_t size) -> net::awaitable<std::size_t> {
      auto job = [source, data, size] { return source->read(data, size); };
      co_return co_await on_pool<std::size_t>(conn.workers, job);
    };
    out.bytes_out = co_await write_streamed(conn, message, t, from_source);
  }
  co_return out;
}

}  // namespace hub::http::detail

#pragma once
// A request body read by a handler on the worker pool, piece by piece from the connection.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "common/http/detail/connection.hpp"
#include "common/http/error_response.hpp"

namespace hub::http::detail {

// Feeds a handler on a worker thread from the connection: each read() hops to the connection's I/O
// thread for one read of what has arrived, and waits for it to finish. It never returns while that
// read is running (the read writes into the caller's buffer). The wait always ends: the socket's
// own deadline ends every read, and shutdown closes the socket (phase two) before it stops the I/O
// loops, which it does only after the worker pool has finished (server.cpp).
class StreamingBodyReader : public BodyReader {
 public:
  StreamingBodyReader(Conn& conn, ArenaRequestParser<bhttp::buffer_body>& parser, net::any_io_executor ex,
                      std::chrono::milliseconds timeout)
      : conn_(conn), parser_(parser), ex_(std::move(ex)), timeout_(timeout) {}

  std::size_t read(char* data, std::size_t size) override {
    while (true) {
      if (failed_) throw ApiError(ErrorCode::kBadRequest, "request body could not be read");
      if (done_) return 0;
      auto state = std::make_shared<ReadState>();
      net::post(ex_, [this, state, data, size] {
        if (parser_.is_done()) {
          state->finish({}, 0);
          return;
        }
        parser_.get().body().data = data;
        parser_.get().body().size = size;
        conn_.stream.arm(timeout_);
        bhttp::async_read_some(conn_.stream, conn_.buffer, parser_, [this, state, size](error_code ec, std::size_t) {
          if (ec == bhttp::error::need_buffer) ec = {};
          state->finish(ec, size - parser_.get().body().size);
        });
      });
      {
        std::unique_lock lock(state->mutex);
        state->ready.wait(lock, [&] { return state->complete; });
      }
      if (state->ec == bhttp::error::body_limit) {
        failed_ = true;
        throw ApiError(ErrorCode::kPayloadTooLarge, "request body too large");
      }
      if (state->ec) {
        failed_ = true;
        throw ApiError(ErrorCode::kBadRequest, "request body could not be read", state->ec.message());
      }
      done_ = state->n == 0 && parser_.is_done();
      if (state->n > 0) return state->n;
    }
  }

 private:
  struct ReadState {
    std::mutex mutex;
    std::condition_variable ready;
    bool complete = false;
    error_code ec;
    std::size_t n = 0;
    void finish(error_code e, std::size_t bytes) {
      {
        std::lock_guard lock(mutex);
        ec = e;
        n = bytes;
        complete = true;
      }
      ready.notify_all();
    }
  };

  Conn& conn_;
  ArenaRequestParser<bhttp::buffer_body>& parser_;
  net::any_io_executor ex_;
  std::chrono::milliseconds timeout_;
  bool done_ = false;
  bool failed_ = false;
};

}  // namespace hub::http::detail

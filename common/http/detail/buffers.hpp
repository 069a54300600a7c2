#pragma once
// Memory for one exchange, reused per thread: header arenas, read buffers and the body chunk, each
// counted where it holds body bytes.
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <tuple>
#include <vector>

#include "common/http/detail/beast.hpp"
#include "common/metrics/metrics.hpp"

namespace hub::http::detail {

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

}  // namespace hub::http::detail

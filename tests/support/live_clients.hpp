#pragma once
// Clients of live streams for tests, written on plain sockets so that each byte on the wire is the
// test's to see: an SSE reader (chunked bodies decoded, events and comment lines parsed) and a
// minimal WebSocket client (RFC 6455: the handshake checked, frames read as they are, masked frames
// sent), which answers nothing by itself, so a test sees every ping and close.
#include <openssl/sha.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/config/config.hpp"
#include "common/http/message.hpp"
#include "common/util/base64.hpp"
#include "common/util/random.hpp"
#include "common/util/strings.hpp"
#include "tests/support/raw_connection.hpp"

namespace hub::test {

using namespace std::chrono_literals;

inline std::string request_head(const std::string& target, const http::Headers& headers) {
  std::string out = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& h : headers)
    out += h.name + ": " + h.value + "\r\n";
  return out + "\r\n";
}

// A response's status line and header, parsed from the front of `raw` (which loses them).
struct ResponseHead {
  int status = 0;
  http::Headers headers;
};
inline std::optional<ResponseHead> take_head(std::string& raw) {
  const auto end = raw.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  ResponseHead head;
  const std::string text = raw.substr(0, end);
  raw.erase(0, end + 4);
  const auto lines = util::split(text, '\n');
  if (lines.empty() || lines[0].size() < 12) throw std::runtime_error("bad status line: " + text);
  head.status = std::stoi(std::string(lines[0].substr(9, 3)));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.ends_with('\r')) line.remove_suffix(1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    head.headers.add(util::trim(line.substr(0, colon)), util::trim(line.substr(colon + 1)));
  }
  return head;
}

// One server-sent event, or a comment line (`: heartbeat`) when `comment` is set.
struct SseEvent {
  std::string id, event, data, comment;
  bool has_id = false;
};

// A GET of an event stream: the response's status and headers, then its events as they come.
class SseClient {
 public:
  SseClient(const config::HostPort& address, const std::string& target, const http::Headers& headers = {})
      : socket_(address) {
    socket_.send(request_head(target, headers));
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!head_) {
      head_ = take_head(raw_);
      if (!head_ && !socket_.receive(raw_, deadline)) throw std::runtime_error("no response header: " + raw_);
    }
    chunked_ = util::iequals(head_->headers.get("Transfer-Encoding"), "chunked");
  }
  int status() const { return head_->status; }
  const http::Headers& headers() const { return head_->headers; }
  // The error body of a refused stream (whatever arrived within a second).
  std::string body(std::chrono::milliseconds wait = 1000ms) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (socket_.receive(raw_, deadline)) {
    }
    decode();
    return body_;
  }

  // The next event or comment, or nullopt when none came within `timeout` or the stream ended.
  std::optional<SseEvent> next(std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      decode();
      if (auto e = parse_one()) return e;
      if (ended_ || !socket_.receive(raw_, deadline)) return std::nullopt;
    }
  }
  // The next event that is not a comment.
  std::optional<SseEvent> next_event(std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      auto e = next(std::max(left, 0ms));
      if (!e || e->comment.empty()) return e;
    }
  }
  // True once the server ended the stream (the last chunk, or the connection closed) within `timeout`.
  bool ends_within(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!ended_ && !socket_.peer_closed()) {
      decode();
      if (ended_) break;
      if (!socket_.receive(raw_, deadline) && !socket_.peer_closed()) return false;
    }
    return true;
  }
  bool ended_cleanly() const { return ended_; }  // the last chunk arrived
  void close() { socket_.close(); }

 private:
  // Moves whole chunks (or, unchunked, everything) from raw_ to body_.
  void decode() {
    if (!chunked_) {
      body_ += raw_;
      raw_.clear();
      return;
    }
    while (!ended_) {
      const auto line_end = raw_.find("\r\n");
      if (line_end == std::string::npos) return;
      const std::size_t size = std::stoul(raw_.substr(0, line_end), nullptr, 16);
      if (raw_.size() < line_end + 2 + size + 2) return;
      body_ += raw_.substr(line_end + 2, size);
      raw_.erase(0, line_end + 2 + size + 2);
      if (size == 0) ended_ = true;
    }
  }
  std::optional<SseEvent> parse_one() {
    const auto end = body_.find("\n\n");
    if (end == std::string::npos) return std::nullopt;
    const std::string block = body_.substr(0, end);
    body_.erase(0, end + 2);
    SseEvent e;
    for (auto line : util::split(block, '\n')) {
      if (line.starts_with(":")) {
        e.comment = std::string(util::trim(line.substr(1)));
        continue;
      }
      const auto colon = line.find(':');
      const std::string_view field = line.substr(0, colon);
      std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
      if (value.starts_with(' ')) value.remove_prefix(1);
      if (field == "id") {
        e.id = std::string(value);
        e.has_id = true;
      } else if (field == "event") {
        e.event = std::string(value);
      } else if (field == "data") {
        if (!e.data.empty()) e.data += "\n";
        e.data += std::string(value);
      }
    }
    return e;
  }

  RawConnection socket_;
  std::string raw_, body_;
  std::optional<ResponseHead> head_;
  bool chunked_ = false;
  bool ended_ = false;
};

// A WebSocket frame as it came (RFC 6455 §5.2), unfragmented messages only.
struct WsFrame {
  enum Opcode : std::uint8_t { kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9, kPong = 0xA };
  std::uint8_t opcode = 0;
  std::string payload;
  bool fin = true;
};

class WsClient {
 public:
  // Sends the upgrade request; status() says whether the server switched protocols.
  WsClient(const config::HostPort& address, const std::string& target, http::Headers headers = {}) : socket_(address) {
    key_ = util::base64_encode(util::random_id().substr(0, 16));
    headers.set("Upgrade", "websocket");
    headers.set("Connection", "Upgrade");
    headers.set("Sec-WebSocket-Key", key_);
    headers.set("Sec-WebSocket-Version", "13");
    socket_.send(request_head(target, headers));
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!head_) {
      head_ = take_head(raw_);
      if (!head_ && !socket_.receive(raw_, deadline)) throw std::runtime_error("no handshake answer: " + raw_);
    }
  }
  int status() const { return head_->status; }
  const http::Headers& headers() const { return head_->headers; }
  // The Sec-WebSocket-Accept the server must answer with (RFC 6455 §4.2.2).
  std::string expected_accept() const {
    const std::string text = key_ + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[SHA_DIGEST_LENGTH];
    ::SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    return util::base64_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
  }
  // What followed the refusal of an upgrade (an error body), within a second.
  std::string rest(std::chrono::milliseconds wait = 1000ms) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (socket_.receive(raw_, deadline)) {
    }
    return raw_;
  }

  // The next frame, or nullopt when none came within `timeout` or the connection closed.
  std::optional<WsFrame> next(std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (auto f = parse_one()) return f;
      if (!socket_.receive(raw_, deadline)) return std::nullopt;
    }
  }
  // The next frame of `opcode`, skipping others (pings, say).
  std::optional<WsFrame> next_of(std::uint8_t opcode, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      auto f = next(std::max(left, 0ms));
      if (!f || f->opcode == opcode) return f;
    }
  }
  void send_frame(std::uint8_t opcode, std::string_view payload) {
    std::string frame;
    frame.push_back(static_cast<char>(0x80 | opcode));
    if (payload.size() < 126) {
      frame.push_back(static_cast<char>(0x80 | payload.size()));
    } else {
      frame.push_back(static_cast<char>(0x80 | 126));
      frame.push_back(static_cast<char>((payload.size() >> 8) & 0xff));
      frame.push_back(static_cast<char>(payload.size() & 0xff));
    }
    const std::string mask = util::random_id().substr(0, 4);
    frame += mask;
    for (std::size_t i = 0; i < payload.size(); ++i)
      frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
    socket_.send(frame);
  }
  // A close frame with a status code.
  void send_close(std::uint16_t code) {
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xff));
    send_frame(WsFrame::kClose, payload);
  }
  // True when the server closed the TCP connection within `timeout`.
  bool closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!socket_.peer_closed()) {
      if (!socket_.receive(raw_, deadline) && !socket_.peer_closed()) return false;
    }
    return true;
  }
  void close() { socket_.close(); }

 private:
  std::optional<WsFrame> parse_one() {
    if (raw_.size() < 2) return std::nullopt;
    const auto b0 = static_cast<std::uint8_t>(raw_[0]);
    const auto b1 = static_cast<std::uint8_t>(raw_[1]);
    std::size_t len = b1 & 0x7f;
    std::size_t at = 2;
    if (len == 126) {
      if (raw_.size() < 4) return std::nullopt;
      len = (static_cast<std::uint8_t>(raw_[2]) << 8) | static_cast<std::uint8_t>(raw_[3]);
      at = 4;
    } else if (len == 127) {
      if (raw_.size() < 10) return std::nullopt;
      len = 0;
      for (int i = 0; i < 8; ++i)
        len = (len << 8) | static_cast<std::uint8_t>(raw_[2 + i]);
      at = 10;
    }
    if (b1 & 0x80) throw std::runtime_error("a server frame must not be masked");
    if (raw_.size() < at + len) return std::nullopt;
    WsFrame f;
    f.fin = (b0 & 0x80) != 0;
    f.opcode = b0 & 0x0f;
    f.payload = raw_.substr(at, len);
    raw_.erase(0, at + len);
    return f;
  }

  RawConnection socket_;
  std::string key_;
  std::string raw_;
  std::optional<ResponseHead> head_;
};

}  // namespace hub::test

#pragma once
// A blocking HTTP/1.1 client with pooled keep-alive connections and deadlines, for calls between
// services (from worker threads), health checks, and tests. One Client per peer address; safe to
// share between threads.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "common/config/config.hpp"
#include "common/http/message.hpp"

namespace hub::http {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{30000};  // each read or write, not the whole exchange
  std::size_t max_idle = 16;
  std::uint64_t max_body = 64ULL << 20;  // when the body is collected into a string
};

struct ClientRequest {
  std::string method = "GET";
  std::string target = "/";
  Headers headers;
  std::string body;
  std::shared_ptr<BodySource> source;          // streamed instead of body when set
  std::optional<std::uint64_t> source_length;  // unset: chunked
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

class ClientError : public std::runtime_error {
 public:
  enum class Kind { kConnect, kTimeout, kProtocol };
  ClientError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Receives a response body in pieces.
using BodySink = std::function<void(std::string_view)>;

class Client {
 public:
  explicit Client(config::HostPort address, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Throws ClientError when no complete response arrives.
  ClientResponse send(const ClientRequest& request);
  // As send(), with the body handed to `sink` instead of collected.
  ClientResponse send(const ClientRequest& request, const BodySink& sink);

  ClientResponse get(const std::string& target, Headers headers = {});
  const config::HostPort& address() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hub::http

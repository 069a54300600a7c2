#pragma once
// Requests the hub sends to addresses its users chose (webhook receivers): not a peer service, so
// every step assumes the target is hostile. Plain interface: Beast, Asio and OpenSSL stay inside
// common/http.
//
// - Only http and https URLs; no user info in the URL; redirects are never followed (a 3xx is the
//   answer).
// - The host is resolved, every resolved address is classified (common/net/address.hpp), and the
//   connection goes to exactly an address that passed: loopback, private, link-local, multicast,
//   unspecified, reserved and metadata ranges (IPv4, IPv6 and IPv4-mapped IPv6) are refused unless
//   the client allows private targets. Nothing is sent to a refused address.
// - One deadline covers the whole exchange (resolve, connect, TLS, request, response header and as
//   much of the body as is kept); the rest of a long body is not read.
// - Many exchanges run at once on the client's own I/O thread, so a receiver that hangs until the
//   deadline delays nobody else's.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/http/message.hpp"
#include "common/util/result.hpp"

namespace hub::http {

struct OutboundUrl {
  bool tls = false;
  std::string host;  // a name or an address literal (IPv6 without brackets)
  std::uint16_t port = 0;
  std::string target;  // path and query, at least "/"
};

// The URL's shape only (scheme, host, port, no user info, at most 2,048 bytes); whether its address
// may be reached is decided at connect time, since DNS may answer differently then.
Result<OutboundUrl> parse_outbound_url(std::string_view url);

struct OutboundRequest {
  std::string url;
  std::string method = "POST";
  Headers headers;  // Host, Content-Length and User-Agent are set by the client
  std::string body;
  std::chrono::milliseconds deadline{10000};
  std::size_t keep_response_bytes = 1024;  // how much of the response body is kept in body_head
};

// Once a response header has arrived the exchange has its answer: status is set, error is "" and
// refused and timed_out are false, even if the deadline or the receiver then cut the body short
// (which only shortens body_head).
struct OutboundResult {
  int status = 0;  // 0 when no HTTP answer arrived (see error)
  Headers headers;
  std::string body_head;   // the response body's first keep_response_bytes
  std::string error;       // "" with an answer; otherwise why none (refused, DNS, connect, TLS, deadline, …)
  bool refused = false;    // the target's address is not allowed: nothing was sent
  bool timed_out = false;  // the deadline passed
  std::string address;     // the address connected to (or refused), for the delivery log
  std::chrono::milliseconds duration{0};
};

struct OutboundOptions {
  bool allow_private = false;        // HUB_WEBHOOK_ALLOW_PRIVATE=1: local receivers (tests, one-machine setups)
  std::size_t max_in_flight = 1024;  // beyond it send() answers at once with an error
  std::string ca_file;               // extra trust anchors for https ("" = the system's)
  std::string user_agent = "hub-webhooks/1";
};

class OutboundClient {
 public:
  explicit OutboundClient(OutboundOptions options);
  ~OutboundClient();  // ends every exchange still running (their `done` runs with an error)
  OutboundClient(const OutboundClient&) = delete;
  OutboundClient& operator=(const OutboundClient&) = delete;

  // Starts the exchange and returns at once. `done` runs exactly once, on the client's I/O thread:
  // it must not block (hand the result to a queue).
  void send(OutboundRequest request, std::function<void(OutboundResult)> done);
  // send() and wait for the result (for callers on their own thread: a test ping).
  OutboundResult send_and_wait(OutboundRequest request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hub::http

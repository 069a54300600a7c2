// The outbound client (outbound.hpp): one I/O thread running every exchange as a coroutine, each
// under one absolute deadline enforced by its own timer, which closes whatever the exchange is
// waiting on. Names are resolved on a few threads of the client's own (see Lookup), every address is
// classified before a socket is opened, and the connection goes to exactly an address that passed.
#include "common/http/outbound.hpp"

#include <netdb.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <cstring>
#include <future>
#include <list>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/http/detail/beast.hpp"
#include "common/log/log.hpp"
#include "common/net/address.hpp"
#include "common/util/strings.hpp"
#include "common/work/worker_pool.hpp"

namespace hub::http {

using namespace detail;  // NOLINT(google-build-using-namespace)
namespace ssl = boost::asio::ssl;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;  // a response header larger than this is an error
constexpr int kMaxInterim = 8;                   // 1xx answers skipped before the real one
// Asio resolves every name of an io_context on one hidden thread, one lookup after another, so a
// single name whose DNS server never answers would hold back every other hook's lookup for the
// resolver's whole timeout. The client resolves on threads of its own instead: a few slow names
// delay only themselves (and their exchanges end at their own deadline regardless).
constexpr std::size_t kResolverThreads = 8;

hub::net::Address to_address(const net::ip::address& ip) {
  hub::net::Address a;
  if (ip.is_v4()) {
    const auto b = ip.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), a.bytes.begin());
  } else {
    a.v6 = true;
    const auto b = ip.to_v6().to_bytes();
    std::copy(b.begin(), b.end(), a.bytes.begin());
  }
  return a;
}

std::vector<tcp::endpoint> from_addrinfo(const addrinfo* list, std::uint16_t port) {
  std::vector<tcp::endpoint> out;
  for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family == AF_INET) {
      const auto* sa = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      net::ip::address_v4::bytes_type b;
      std::memcpy(b.data(), &sa->sin_addr, 4);
      out.emplace_back(net::ip::address_v4(b), port);
    } else if (ai->ai_family == AF_INET6) {
      const auto* sa = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      net::ip::address_v6::bytes_type b;
      std::memcpy(b.data(), &sa->sin6_addr, 16);
      out.emplace_back(net::ip::address_v6(b, sa->sin6_scope_id), port);
    }
  }
  return out;
}

// Host as the request names it: the URL's host, bracketed when IPv6, with a port that is not the
// scheme's default.
std::string host_header(const OutboundUrl& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  if (url.port != (url.tls ? 443 : 80)) host += ":" + std::to_string(url.port);
  return host;
}

bool set_by_client(std::string_view name) {
  return is_hop_by_hop(name) || util::iequals(name, "host") || util::iequals(name, "user-agent") ||
         util::iequals(name, "expect");
}

// A name's addresses, looked up on the client's resolver threads. The lookup thread only writes the
// answer into the io thread's queue; everything else here is touched on the io thread.
struct Lookup {
  std::string host;
  std::uint16_t port = 0;
  std::atomic<bool> abandoned{false};  // the exchange ended: skip the lookup, drop its answer
  bool ready = false;
  std::vector<tcp::endpoint> endpoints;
  std::string error;
  net::steady_timer* waiter = nullptr;  // the exchange's wake-up, cancelled when the answer arrives
};

// One exchange's state, kept alive by its coroutine and by its deadline's handler.
struct Exchange {
  Exchange(net::io_context& ioc, OutboundRequest r, std::function<void(OutboundResult)> d)
      : request(std::move(r)), done(std::move(d)), deadline_timer(ioc), wake(ioc) {}

  OutboundRequest request;
  std::function<void(OutboundResult)> done;
  OutboundResult result;
  Clock::time_point start = Clock::now();
  std::string_view phase = "starting";  // what the deadline cut short, for the error text
  bool expired = false;
  bool stopped = false;
  bool finished = false;
  net::steady_timer deadline_timer;
  net::steady_timer wake;
  std::shared_ptr<Lookup> lookup;
  std::optional<tcp::socket> socket;
  std::optional<beast::ssl_stream<tcp::socket>> tls;
  std::list<Exchange*>::iterator position;

  bool ended() const { return expired || stopped; }
  // Ends whatever the exchange waits on; its operation then completes with an error.
  void interrupt() {
    wake.cancel();
    error_code ignored;
    if (tls) tls->next_layer().close(ignored);
    if (socket) socket->close(ignored);
  }
};

}  // namespace

struct OutboundClient::Impl {
  explicit Impl(OutboundOptions o);

  void start(OutboundRequest request, std::function<void(OutboundResult)> done);
  void shutdown();

  net::awaitable<void> run(std::shared_ptr<Exchange> x);
  net::awaitable<void> exchange(Exchange& x);
  net::awaitable<bool> resolve(Exchange& x, const OutboundUrl& url, std::vector<tcp::endpoint>& out);
  net::awaitable<bool> connect(Exchange& x, const std::vector<tcp::endpoint>& allowed);
  template <class Stream>
  net::awaitable<void> talk(Exchange& x, Stream& stream, const OutboundUrl& url);
  void fail(Exchange& x, std::string what, const error_code& ec = {});
  void finish(Exchange& x);

  OutboundOptions options;
  // Declaration order is destruction order in reverse: the resolver threads (which post into the
  // io_context) are joined before the io_context goes.
  net::io_context ioc{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  ssl::context tls_context{ssl::context::tls_client};
  work::WorkerPool resolvers;
  std::atomic<std::size_t> in_flight{0};
  std::list<Exchange*> live;  // io thread only
  bool stopping = false;      // io thread only
  std::thread thread;
};

OutboundClient::Impl::Impl(OutboundOptions o)
    : options(std::move(o)), work(net::make_work_guard(ioc)), resolvers(kResolverThreads, options.max_in_flight) {
  tls_context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                          ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  tls_context.set_verify_mode(ssl::verify_peer);
  tls_context.set_default_verify_paths();
  if (!options.ca_file.empty()) {
    error_code ec;
    tls_context.load_verify_file(options.ca_file, ec);
    if (ec) throw std::runtime_error("cannot load the CA file " + options.ca_file + ": " + ec.message());
  }
  thread = std::thread([this] { ioc.run(); });
}

void OutboundClient::Impl::start(OutboundRequest request, std::function<void(OutboundResult)> done) {
  auto x = std::make_shared<Exchange>(ioc, std::move(request), std::move(done));
  net::co_spawn(ioc, run(std::move(x)), net::detached);
}

void OutboundClient::Impl::shutdown() {
  net::post(ioc, [this] {
    stopping = true;
    for (Exchange* x : live) {
      x->stopped = true;
      x->deadline_timer.cancel();
      x->interrupt();
    }
  });
  work.reset();
  if (thread.joinable()) thread.join();
  resolvers.shutdown();
}

void OutboundClient::Impl::fail(Exchange& x, std::string what, const error_code& ec) {
  if (x.stopped) {
    x.result.error = "the client stopped while " + std::string(x.phase);
  } else if (x.expired) {
    x.result.timed_out = true;
    x.result.error = "no answer within the deadline of " + std::to_string(x.request.deadline.count()) + " ms (" +
                     std::string(x.phase) + ")";
  } else {
    x.result.error = ec ? what + ": " + ec.message() : std::move(what);
  }
}

void OutboundClient::Impl::finish(Exchange& x) {
  x.finished = true;
  x.deadline_timer.cancel();
  if (x.lookup) x.lookup->abandoned = true;
  error_code ignored;
  if (x.tls) x.tls->next_layer().close(ignored);
  if (x.socket) x.socket->close(ignored);
  live.erase(x.position);
  in_flight.fetch_sub(1);
  x.result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - x.start);
  try {
    x.done(std::move(x.result));
  } catch (const std::exception& e) {
    log::error("outbound: a completion handler threw", {{"error", e.what()}});
  }
}

net::awaitable<bool> OutboundClient::Impl::resolve(Exchange& x, const OutboundUrl& url,
                                                   std::vector<tcp::endpoint>& out) {
  x.phase = "resolving the host name";
  error_code ec;
  const auto literal = net::ip::make_address(url.host, ec);
  if (!ec) {
    out.emplace_back(literal, url.port);
    co_return true;
  }
  auto lookup = std::make_shared<Lookup>();
  lookup->host = url.host;
  lookup->port = url.port;
  lookup->waiter = &x.wake;
  x.lookup = lookup;
  const bool queued = resolvers.try_submit([lookup, &ioc = ioc] {
    std::vector<tcp::endpoint> endpoints;
    std::string error;
    if (!lookup->abandoned) {
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      addrinfo* list = nullptr;
      const int rc = ::getaddrinfo(lookup->host.c_str(), nullptr, &hints, &list);
      if (rc == 0) {
        endpoints = from_addrinfo(list, lookup->port);
        ::freeaddrinfo(list);
      } else {
        error = rc == EAI_SYSTEM ? std::string(std::strerror(errno)) : std::string(::gai_strerror(rc));
      }
    }
    net::post(ioc, [lookup, endpoints = std::move(endpoints), error = std::move(error)]() mutable {
      if (lookup->abandoned) return;
      lookup->endpoints = std::move(endpoints);
      lookup->error = std::move(error);
      lookup->ready = true;
      lookup->waiter->cancel();
    });
  });
  if (!queued) {
    fail(x, "too many names being resolved");
    co_return false;
  }
  x.wake.expires_at(Clock::time_point::max());
  while (!lookup->ready && !x.ended()) {
    co_await x.wake.async_wait(net::redirect_error(net::use_awaitable, ec));
  }
  if (x.ended()) {
    fail(x, "");
    co_return false;
  }
  if (!lookup->error.empty() || lookup->endpoints.empty()) {
    fail(x, "cannot resolve " + url.host + ": " + (lookup->error.empty() ? "no address" : lookup->error));
    co_return false;
  }
  out = std::move(lookup->endpoints);
  co_return true;
}

net::awaitable<bool> OutboundClient::Impl::connect(Exchange& x, const std::vector<tcp::endpoint>& allowed) {
  x.phase = "connecting";
  error_code ec;
  for (const auto& endpoint : allowed) {
    x.result.address = endpoint.address().to_string();
    x.socket.emplace(ioc);
    x.socket->open(endpoint.protocol(), ec);
    if (!ec) co_await x.socket->async_connect(endpoint, net::redirect_error(net::use_awaitable, ec));
    if (!ec) {
      x.socket->set_option(tcp::no_delay(true), ec);
      co_return true;
    }
    if (x.ended()) break;
  }
  fail(x, "cannot connect to " + x.result.address, ec);
  co_return false;
}

template <class Stream>
net::awaitable<void> OutboundClient::Impl::talk(Exchange& x, Stream& stream, const OutboundUrl& url) {
  error_code ec;
  x.phase = "sending the request";
  bhttp::request<bhttp::string_body> message;
  message.method_string(x.request.method);
  message.target(url.target);
  message.version(11);
  for (const auto& h : x.request.headers) {
    if (!set_by_client(h.name)) message.insert(util::header_safe(h.name, 256), util::header_safe(h.value, 8192));
  }
  message.set(bhttp::field::host, host_header(url));
  message.set(bhttp::field::user_agent, options.user_agent);
  message.set(bhttp::field::connection, "close");
  message.body() = x.request.body;
  message.prepare_payload();
  co_await bhttp::async_write(stream, message, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return fail(x, "cannot send the request", ec);

  x.phase = "waiting for the response";
  beast::flat_buffer buffer(kHeaderLimit + 64 * 1024);
  std::optional<bhttp::response_parser<bhttp::buffer_body>> parser;
  for (int interim = 0;; ++interim) {
    parser.emplace();
    parser->header_limit(kHeaderLimit);
    parser->body_limit(boost::none);  // only keep_response_bytes are read, whatever the length says
    if (x.request.method == "HEAD") parser->skip(true);
    co_await bhttp::async_read_header(stream, buffer, *parser, net::redirect_error(net::use_awaitable, ec));
    if (ec) co_return fail(x, "no valid response", ec);
    const int status = static_cast<int>(parser->get().result_int());
    if (status >= 200 || status == 101 || interim == kMaxInterim) break;
  }
  x.result.status = static_cast<int>(parser->get().result_int());
  x.result.headers = to_headers(parser->get());

  // The answer has arrived: from here on a problem only shortens body_head.
  x.phase = "reading the response body";
  std::string head(x.request.keep_response_bytes, '\0');
  std::size_t have = 0;
  while (!parser->is_done() && have < head.size() && !x.ended()) {
    parser->get().body().data = head.data() + have;
    parser->get().body().size = head.size() - have;
    co_await bhttp::async_read(stream, buffer, *parser, net::redirect_error(net::use_awaitable, ec));
    have = head.size() - parser->get().body().size;
    if (ec && ec != bhttp::error::need_buffer) break;
  }
  head.resize(have);
  x.result.body_head = std::move(head);
}

net::awaitable<void> OutboundClient::Impl::exchange(Exchange& x) {
  if (x.stopped) co_return fail(x, "");
  auto url = parse_outbound_url(x.request.url);
  if (!url) co_return fail(x, "bad URL: " + url.error());
  std::vector<tcp::endpoint> resolved;
  if (!co_await resolve(x, *url, resolved)) co_return;

  // Every address is judged before any is used; only those that pass are tried.
  std::vector<tcp::endpoint> allowed;
  std::string refused;
  for (const auto& e : resolved) {
    const auto address = to_address(e.address());
    if (hub::net::reachable_target(address, options.allow_private)) {
      allowed.push_back(e);
    } else if (refused.empty()) {
      x.result.address = e.address().to_string();
      refused = x.result.address + " is " + std::string(hub::net::address_class_name(hub::net::classify(address)));
    }
  }
  if (allowed.empty()) {
    x.result.refused = true;
    co_return fail(x, "refused: " + url->host + " is not a public address (" + refused +
                          "); HUB_WEBHOOK_ALLOW_PRIVATE=1 allows receivers on private networks");
  }
  if (!co_await connect(x, allowed)) co_return;
  if (!url->tls) co_return co_await talk(x, *x.socket, *url);

  x.phase = "in the TLS handshake";
  x.tls.emplace(std::move(*x.socket), tls_context);
  x.socket.reset();
  x.tls->set_verify_mode(ssl::verify_peer);
  x.tls->set_verify_callback(ssl::host_name_verification(url->host));
  error_code ec;
  net::ip::make_address(url->host, ec);
  // SNI names a host, never an address (RFC 6066 section 3).
  if (ec && SSL_set_tlsext_host_name(x.tls->native_handle(), url->host.c_str()) != 1) {
    co_return fail(x, "cannot set the TLS server name");
  }
  ec = {};
  co_await x.tls->async_handshake(ssl::stream_base::client, net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return fail(x, "TLS handshake with " + url->host + " failed", ec);
  co_await talk(x, *x.tls, *url);
}

net::awaitable<void> OutboundClient::Impl::run(std::shared_ptr<Exchange> keep) {
  Exchange& x = *keep;
  x.position = live.insert(live.end(), &x);
  x.stopped = stopping;
  x.deadline_timer.expires_at(x.start + x.request.deadline);
  x.deadline_timer.async_wait([keep](const error_code& ec) {
    if (ec || keep->finished) return;
    keep->expired = true;
    keep->interrupt();
  });
  try {
    co_await exchange(x);
  } catch (const std::exception& e) {
    x.result.status = 0;
    x.result.headers = {};
    x.result.body_head.clear();
    fail(x, std::string("outbound exchange failed: ") + e.what());
  }
  finish(x);
}

OutboundClient::OutboundClient(OutboundOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

OutboundClient::~OutboundClient() {
  impl_->shutdown();
}

void OutboundClient::send(OutboundRequest request, std::function<void(OutboundResult)> done) {
  if (impl_->in_flight.fetch_add(1) >= impl_->options.max_in_flight) {
    impl_->in_flight.fetch_sub(1);
    OutboundResult busy;
    busy.error = "too many requests in flight (" + std::to_string(impl_->options.max_in_flight) + ")";
    net::post(impl_->ioc, [done = std::move(done), busy = std::move(busy)]() mutable { done(std::move(busy)); });
    return;
  }
  impl_->start(std::move(request), std::move(done));
}

OutboundResult OutboundClient::send_and_wait(OutboundRequest request) {
  if (impl_->ioc.get_executor().running_in_this_thread()) {
    throw std::logic_error("send_and_wait on the outbound client's own thread would wait forever");
  }
  // Shared with the callback: the waiter may return (and end its frame) while set_value() still runs.
  auto promise = std::make_shared<std::promise<OutboundResult>>();
  auto future = promise->get_future();
  send(std::move(request), [promise](OutboundResult r) { promise->set_value(std::move(r)); });
  return future.get();
}

}  // namespace hub::http

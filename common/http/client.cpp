#include "common/http/client.hpp"

#include <poll.h>

#include <mutex>
#include <vector>

#include "common/http/detail/beast.hpp"

namespace hub::http {

using namespace detail;  // NOLINT(google-build-using-namespace)

namespace {

// Each pooled connection has a private io_context: the caller's thread runs it for the duration of
// one exchange, which is what gives blocking calls real deadlines.
struct Connection {
  net::io_context ioc{1};
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point idle_since;
};

// A pooled socket that is readable was closed by the server (or holds stray bytes): not reusable.
bool still_open(Connection& c) {
  pollfd p{c.stream.socket().native_handle(), POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;
}

bool is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" || method == "DELETE";
}

ClientError to_client_error(const error_code& ec, std::string_view what) {
  if (ec == beast::error::timeout) return ClientError(ClientError::Kind::kTimeout, std::string(what) + ": timed out");
  return ClientError(ClientError::Kind::kProtocol, std::string(what) + ": " + ec.message());
}

}  // namespace

struct Client::Impl {
  config::HostPort address;
  ClientOptions options;
  std::mutex mutex;
  std::vector<std::unique_ptr<Connection>> idle;

  std::unique_ptr<Connection> take() {
    std::lock_guard lock(mutex);
    while (!idle.empty()) {
      auto c = std::move(idle.back());
      idle.pop_back();
      if (std::chrono::steady_clock::now() - c->idle_since < std::chrono::seconds(30) && still_open(*c)) return c;
    }
    return nullptr;
  }
  void give(std::unique_ptr<Connection> c) {
    c->idle_since = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex);
    if (idle.size() < options.max_idle) idle.push_back(std::move(c));
  }

  std::unique_ptr<Connection> connect() {
    auto c = std::make_unique<Connection>();
    error_code ec;
    std::vector<tcp::endpoint> endpoints;
    auto ip = net::ip::make_address(address.host, ec);
    if (!ec) {
      endpoints.emplace_back(ip, address.port);
    } else {
      tcp::resolver resolver(c->ioc);
      auto results = resolver.resolve(address.host, std::to_string(address.port), ec);
      if (ec) throw ClientError(ClientError::Kind::kConnect, "cannot resolve " + address.host + ": " + ec.message());
      for (const auto& r : results)
        endpoints.push_back(r.endpoint());
    }
    c->stream.expires_after(options.connect_timeout);
    c->stream.async_connect(endpoints, [&](const error_code& e, const tcp::endpoint&) { ec = e; });
    c->ioc.run();
    if (ec) throw ClientError(ClientError::Kind::kConnect, "cannot connect to " + address.str() + ": " + ec.message());
    c->stream.socket().set_option(tcp::no_delay(true), ec);
    return c;
  }

  // Runs one exchange on `c`. `sent_anything` tells the caller whether a retry could duplicate it.
  net::awaitable<ClientResponse> exchange(Connection& c, const ClientRequest& request, const BodySink* sink,
                                          bool& reusable, bool& got_response) {
    ClientResponse response;
    if (request.source) {
      bhttp::request<bhttp::buffer_body> message;
      start_message(message, request, address.str());
      if (request.source_length) {
        message.content_length(*request.source_length);
      } else {
        message.chunked(true);
      }
      message.body().data = nullptr;
      message.body().more = true;
      bhttp::request_serializer<bhttp::buffer_body> sr{message};
      c.stream.expires_after(options.timeout);
      co_await bhttp::async_write_header(c.stream, sr, net::use_awaitable);
      std::vector<char> chunk(kChunk);
      while (!sr.is_done()) {
        std::size_t n = request.source->read(chunk.data(), chunk.size());
        message.body().data = n ? chunk.data() : nullptr;
        message.body().size = n;
        message.body().more = n != 0;
        error_code ec;
        c.stream.expires_after(options.timeout);
        co_await bhttp::async_write(c.stream, sr, net::redirect_error(net::use_awaitable, ec));
        if (ec == bhttp::error::need_buffer) ec = {};
        if (ec) throw boost::system::system_error(ec);
      }
    } else {
      bhttp::request<bhttp::string_body> message;
      start_message(message, request, address.str());
      message.body() = request.body;
      message.prepare_payload();
      c.stream.expires_after(options.timeout);
      co_await bhttp::async_write(c.stream, message, net::use_awaitable);
    }

    std::optional<bhttp::response_parser<bhttp::buffer_body>> parser;
    while (true) {
      parser.emplace();
      parser->body_limit(boost::none);
      if (request.method == "HEAD") parser->skip(true);
      c.stream.expires_after(options.timeout);
      co_await bhttp::async_read_header(c.stream, c.buffer, *parser, net::use_awaitable);
      got_response = true;
      if (parser->get().result_int() >= 200) break;
    }
    response.status = static_cast<int>(parser->get().result_int());
    response.headers = to_headers(parser->get());
    std::vector<char> chunk(kChunk);
    c.buffer.reserve(kChunk);
    while (!parser->is_done()) {
      parser->get().body().data = chunk.data();
      parser->get().body().size = chunk.size();
      error_code ec;
      c.stream.expires_after(options.timeout);
      co_await bhttp::async_read(c.stream, c.buffer, *parser, net::redirect_error(net::use_awaitable, ec));
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) throw boost::system::system_error(ec);
      std::size_t n = chunk.size() - parser->get().body().size;
      if (n == 0) continue;
      if (sink) {
        (*sink)(std::string_view(chunk.data(), n));
      } else {
        if (response.body.size() + n > options.max_body) {
          throw ClientError(ClientError::Kind::kProtocol, "response body exceeds client limit");
        }
        response.body.append(chunk.data(), n);
      }
    }
    reusable = parser->keep_alive();
    co_return response;
  }

  ClientResponse send(const ClientRequest& request, const BodySink* sink) {
    for (int attempt = 0;; ++attempt) {
      auto c = take();
      const bool reused = c != nullptr;
      if (!c) c = connect();
      bool reusable = false;
      bool got_response = false;
      std::exception_ptr error;
      std::optional<ClientResponse> result;
      c->ioc.restart();
      net::co_spawn(c->ioc, exchange(*c, request, sink, reusable, got_response),
                    [&](const std::exception_ptr& e, ClientResponse r) {
                      error = e;
                      if (!e) result = std::move(r);
                    });
      c->ioc.run();
      if (result) {
        if (reusable) give(std::move(c));
        return std::move(*result);
      }
      // A pooled connection the server had already closed fails before any response: retry
      // once on a fresh one when the request can be sent again.
      if (reused && !got_response && !request.source && is_idempotent(request.method) && attempt == 0) continue;
      try {
        std::rethrow_exception(error);
      } catch (const ClientError&) {
        throw;
      } catch (const boost::system::system_error& e) {
        throw to_client_error(e.code(), request.method + " " + request.target);
      }
    }
  }
};

Client::Client(config::HostPort address, ClientOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->address = std::move(address);
  impl_->options = options;
}

Client::~Client() = default;

ClientResponse Client::send(const ClientRequest& request) {
  return impl_->send(request, nullptr);
}

ClientResponse Client::send(const ClientRequest& request, const BodySink& sink) {
  return impl_->send(request, &sink);
}

ClientResponse Client::get(const std::string& target, Headers headers) {
  ClientRequest r;
  r.target = target;
  r.headers = std::move(headers);
  return send(r);
}

const config::HostPort& Client::address() const {
  return impl_->address;
}

}  // namespace hub::http

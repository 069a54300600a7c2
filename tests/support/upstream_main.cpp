// A programmable upstream for the gateway's tests, built from common/http like every service but
// living only under tests/. What it does is chosen by the `op` query parameter on any path:
//   blob&size=N       N pattern bytes (Range honoured)      chunked&size=N   the same, chunked
//   sink              consumes the body as it streams; answers its length and SHA-256
//   echo              answers the method, path, query and headers it received
//   sleep&ms=N        answers after N ms                    hang             never answers in time
//   status&code=N     answers with that status
//   early             answers 403 at once, without reading the request body
//   trickle&count=N&ms=M   a chunked body of N small pieces, one every M ms (like server-sent events)
// With HUB_INTERNAL_SECRET set it is a service like the others: every request must carry the
// gateway's signed identity, which `echo` reports back.
#include <atomic>
#include <cstring>
#include <iostream>
#include <thread>

#include "common/config/config.hpp"
#include "common/crypto/sha256.hpp"
#include "common/http/range.hpp"
#include "common/http/route_dispatcher.hpp"
#include "common/json/json.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"
#include "tests/support/pattern.hpp"

using namespace hub;  // NOLINT(google-build-using-namespace)

namespace {

std::uint64_t query_uint(const http::Request& req, std::string_view name, std::uint64_t fallback) {
  auto v = req.query_param(name);
  if (!v) return fallback;
  auto n = util::parse_uint(*v);
  if (!n) throw ApiError(ErrorCode::kBadRequest, std::string(name) + " must be a number");
  return *n;
}

http::Response blob(http::Request& req, bool chunked) {
  std::uint64_t size = query_uint(req, "size", 0);
  http::Response r;
  r.headers.set("Content-Type", "application/octet-stream");
  r.headers.set("Accept-Ranges", "bytes");
  r.headers.set("ETag", "\"pattern-" + std::to_string(size) + "\"");
  auto range = http::parse_range(req.headers.get("Range"), size);
  if (range.kind == http::ByteRange::Kind::kUnsatisfiable) {
    r.status = 416;
    r.headers.set("Content-Range", range.content_range(size));
    return r;
  }
  if (range.kind == http::ByteRange::Kind::kPartial) {
    r.status = 206;
    r.headers.set("Content-Range", range.content_range(size));
  }
  r.source = std::make_shared<test::PatternSource>(range.offset, range.length);
  if (!chunked) r.source_length = range.length;
  return r;
}

http::Response sink(http::Request& req) {
  crypto::Sha256 hash;
  std::uint64_t total = 0;
  if (req.body_reader != nullptr) {
    std::vector<char> buf(256 * 1024);
    while (std::size_t n = req.body_reader->read(buf.data(), buf.size())) {
      hash.update(std::string_view(buf.data(), n));
      total += n;
    }
  }
  json::Writer w;
  w.begin_object().field("bytes", total).field("sha256", hash.finish_hex()).end_object();
  return http::Response::json(200, w.str());
}

// Small pieces with pauses between them, produced on a worker thread.
class TrickleSource : public http::BodySource {
 public:
  TrickleSource(std::uint64_t count, std::uint64_t ms) : left_(count), ms_(ms) {}
  std::size_t read(char* data, std::size_t size) override {
    if (left_ == 0) return 0;
    if (!first_) std::this_thread::sleep_for(std::chrono::milliseconds(ms_));
    first_ = false;
    --left_;
    std::string piece = "data: " + std::to_string(left_) + "\n\n";
    std::size_t n = std::min(size, piece.size());
    std::memcpy(data, piece.data(), n);  // NOLINT(bugprone-not-null-terminated-result): bytes of a body, not a string
    return n;
  }

 private:
  std::uint64_t left_;
  std::uint64_t ms_;
  bool first_ = true;
};

http::Response echo(http::Request& req) {
  json::Writer w;
  w.begin_object().field("method", req.method).field("path", req.path).field("query", req.query);
  if (req.ctx.identity) {
    w.key("identity")
        .begin_object()
        .field("user", req.ctx.identity->user_id)
        .field("role", access::role_name(req.ctx.identity->role));
    w.field("address", req.ctx.identity->client_address).end_object();
  }
  w.key("headers").begin_object();
  for (const auto& h : req.headers)
    w.field(util::to_lower(h.name), h.value);
  w.end_object().end_object();
  return http::Response::json(200, w.str());
}

}  // namespace

int main() {
  config::Reader reader(config::environment());
  auto listen = config::parse_host_port(reader.string("HUB_LISTEN", "127.0.0.1:0"));
  if (!listen) {
    std::cerr << "HUB_LISTEN: " << listen.error() << "\n";
    return 2;
  }
  log::init("test-upstream", log::Level::kInfo);

  http::RouteDispatcher routes;
  // Readiness like a service's: 503 from the moment it starts draining.
  std::atomic<bool> draining{false};
  http::HandlerOptions probe;
  probe.open = true;
  probe.on_io_thread = true;
  routes.add(
      "GET", "/readyz",
      [&draining](http::Request&) {
        return http::Response::json(draining ? 503 : 200,
                                    draining ? R"({"status":"not ready"})" : R"({"status":"ready"})");
      },
      probe);
  // Standing in for auth when it is every service's address: no token is valid, and every repo is
  // public (so repo paths reach this upstream for anonymous callers). `private` in a repo's name
  // makes it invisible.
  routes.add("POST", "/internal/introspect", [](http::Request& req) {
    auto body = json::parse_object(req.body);
    if (!body) return http::Response::json(400, R"({"error":"bad body"})");
    if (json::find(body.value(), "token") != nullptr) return http::Response::json(401, R"({"error":"invalid"})");
    const bool hidden = req.body.find("private") != std::string::npos;
    return http::Response::json(200, hidden ? R"({"scope":{"role":"none","member":false}})"
                                            : R"({"scope":{"role":"read","member":false,)"
                                              R"("repoId":"00000000-0000-4000-8000-000000000001"}})");
  });
  http::HandlerOptions options;
  options.route_class = http::RouteClass::kTransfer;
  options.max_body = 1ULL << 40;
  options.stream_body = true;
  routes.add(
      "*", "/{path*}",
      [](http::Request& req) -> http::Response {
        std::string op = req.query_param("op").value_or("echo");
        if (op == "blob") return blob(req, false);
        if (op == "chunked") return blob(req, true);
        if (op == "sink") return sink(req);
        if (op == "sleep" || op == "hang") {
          auto ms = op == "hang" ? 600000 : query_uint(req, "ms", 0);
          std::this_thread::sleep_for(std::chrono::milliseconds(ms));
          return http::Response::json(200, "{\"slept\":" + std::to_string(ms) + "}");
        }
        if (op == "early") return http::Response::json(403, R"({"error":"refused before reading"})");
        if (op == "trickle") {
          http::Response r;
          r.headers.set("Content-Type", "text/event-stream");
          r.source = std::make_shared<TrickleSource>(query_uint(req, "count", 3), query_uint(req, "ms", 300));
          return r;
        }
        if (op == "status") {
          auto code = static_cast<int>(query_uint(req, "code", 200));
          return http::Response::json(code, "{\"status\":" + std::to_string(code) + "}");
        }
        return echo(req);
      },
      options);

  std::string secret = reader.string("HUB_INTERNAL_SECRET", "");
  if (!secret.empty()) {
    routes.require_signatures(
        std::make_shared<const access::Signer>(secret, reader.string("HUB_INTERNAL_SECRET_PREVIOUS", "")));
  }

  http::ServerOptions server_options;
  server_options.name = "test-upstream";
  server_options.host = listen->host;
  server_options.port = listen->port;
  server_options.workers = static_cast<int>(reader.integer("HUB_WORKERS", 8, 1, 256));
  server_options.queue_limit = static_cast<int>(reader.integer("HUB_WORK_QUEUE", 1024, 1, 1 << 20));
  server_options.shutdown_timeout = reader.millis("HUB_SHUTDOWN_TIMEOUT", std::chrono::seconds(10));
  http::Server server(server_options, routes);
  server.start();
  server.run([&draining] { draining = true; }, reader.millis("HUB_DRAIN_DELAY", std::chrono::milliseconds(0)));
  return 0;
}

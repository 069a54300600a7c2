#include "tests/support/servers.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>
#include <thread>

namespace hub::test {

namespace {

// Whether bind (or connect) on a fresh TCP socket to 127.0.0.1:port succeeds now.
template <class Call>
bool on_loopback(std::uint16_t port, Call call) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(port);
  const bool ok = call(fd, reinterpret_cast<sockaddr*>(&sa), socklen_t{sizeof sa}) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

bool loopback_accepts(std::uint16_t port) {
  return on_loopback(port, ::connect);
}

// A port that binds now, below the kernel's ephemeral range (32768 and up): a port the kernel picked
// for us (bind to 0) is one it may hand to any outgoing connection before the server binds it.
// Seeded per process, so tests running in parallel do not walk the same sequence.
std::uint16_t free_port() {
  static std::mt19937 rng(static_cast<unsigned>(::getpid()) ^ std::random_device{}());
  std::uniform_int_distribution<int> pick(20000, 31999);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const auto port = static_cast<std::uint16_t>(pick(rng));
    if (on_loopback(port, ::bind)) return port;
  }
  throw std::runtime_error("no free port below the ephemeral range");
}

RedisServer::RedisServer() : port_(free_port()) {
  start();
}

RedisServer::~RedisServer() {
  stop();
}

void RedisServer::start() {
  process_ = std::make_unique<Process>(
      "/usr/bin/redis-server",
      std::vector<std::string>{"--port", std::to_string(port_), "--bind", "127.0.0.1", "--dir", dir_.path(),
                               "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no"},
      std::map<std::string, std::string>{}, dir_.path() + "/redis.log");
  for (int i = 0; i < 200; ++i) {
    if (process_->log().find("Ready to accept connections") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("private Redis did not start:\n" + process_->log());
}

void RedisServer::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(10));
  process_.reset();
}

namespace {
bool is_root() {
  return ::geteuid() == 0;
}
}  // namespace

PostgresServer::PostgresServer() : port_(free_port()) {
  char tmpl[] = "/tmp/hub-pg-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                         std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                         std::filesystem::perms::others_exec);
  if (is_root()) run("chown postgres: " + dir_);
  run("/usr/lib/postgresql/15/bin/initdb -D " + dir_ + "/data -U hub --auth=trust -E UTF8 --locale=C >" + dir_ +
      "/initdb.log 2>&1");
  start();
}

PostgresServer::~PostgresServer() {
  try {
    stop();
  } catch (const std::exception&) {
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void PostgresServer::run(const std::string& command) {
  std::string full =
      is_root() && command.rfind("chown", 0) != 0 ? "runuser -u postgres -- sh -c '" + command + "'" : command;
  if (std::system(full.c_str()) != 0) throw std::runtime_error("command failed: " + command);
}

void PostgresServer::start() {
  run("/usr/lib/postgresql/15/bin/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/postgres.log -w -t 60 start -o \"-p " +
      std::to_string(port_) + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir_ +
      " -c fsync=off -c max_connections=200\" >/dev/null");
}

void PostgresServer::stop() {
  run("/usr/lib/postgresql/15/bin/pg_ctl -D " + dir_ + "/data -m fast -w stop >/dev/null 2>&1 || true");
}

std::string PostgresServer::url(const std::string& db) const {
  return "postgresql://hub@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

void PostgresServer::create_database(const std::string& name) {
  pqxx::connection c(url());
  pqxx::nontransaction tx(c);
  tx.exec("CREATE DATABASE " + tx.quote_name(name));
}

}  // namespace hub::test

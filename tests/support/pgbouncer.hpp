#pragma once
// A PgBouncer of a test's own (Debian's package) in front of one PostgreSQL database: its own
// ini file in a folder of its own, on a free loopback port, in the foreground, stopped by its pid.
// Each pool is a database name of PgBouncer's leading to that one database, in a pool mode and
// with a number of server connections of its own. Clients log in without a password (auth_type
// any, loopback only); PgBouncer logs in to PostgreSQL with the server URL's credentials. The
// admin console (database "pgbouncer") answers SHOW commands to any user.
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/process.hpp"
#include "tests/support/servers.hpp"

namespace hub::test {

struct BouncerPool {
  std::string name;  // what clients ask for as their database
  std::string mode;  // "transaction" or "session"
  int size = 0;      // server connections, at most
};

class PgBouncer {
 public:
  using Row = std::map<std::string, std::string>;

  // `server_url`: postgresql://user:password@host:port/database, where every pool leads.
  PgBouncer(const std::string& server_url, const std::vector<BouncerPool>& pools) : port_(free_port()) {
    const std::string server = server_keywords(server_url);
    const std::string ini = dir_.path() + "/pgbouncer.ini";
    {
      std::ofstream out(ini);
      out << "[databases]\n";
      for (const auto& p : pools)
        out << p.name << " = " << server << " pool_mode=" << p.mode << " pool_size=" << p.size << "\n";
      out << "[pgbouncer]\n"
          << "listen_addr = 127.0.0.1\n"
          << "listen_port = " << port_ << "\n"
          << "unix_socket_dir =\n"
          << "auth_type = any\n"
          << "max_client_conn = 500\n"
          << "default_pool_size = 1\n"  // a pool not named above gets no room to hide in
          << "log_connections = 0\n"
          << "log_disconnections = 0\n";
    }
    // It holds the server's password; PgBouncer reads it before it gives up root.
    std::filesystem::permissions(ini, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::vector<std::string> args;
    // PgBouncer refuses to run as root: it then switches to PostgreSQL's user, as PostgreSQL runs.
    if (::geteuid() == 0) args = {"-u", "postgres"};
    args.push_back(ini);
    process_ = std::make_unique<Process>("/usr/sbin/pgbouncer", args, std::map<std::string, std::string>{},
                                         dir_.path() + "/pgbouncer.log");
    wait_listening();
  }
  ~PgBouncer() {
    process_->signal(SIGTERM);  // immediate shutdown: the test is over
    process_->wait(std::chrono::seconds(10));
  }
  PgBouncer(const PgBouncer&) = delete;
  PgBouncer& operator=(const PgBouncer&) = delete;

  // The URL a client gives to reach `pool`.
  std::string url(const std::string& pool) const {
    return "postgresql://hub@127.0.0.1:" + std::to_string(port_) + "/" + pool;
  }
  std::string log() const { return process_->log(); }

  // The rows of an admin console command (SHOW POOLS, SHOW SERVERS, SHOW CLIENTS, SHOW STATS).
  std::vector<Row> show(const std::string& command) const {
    pqxx::connection admin(url("pgbouncer"));
    pqxx::nontransaction tx(admin);
    std::vector<Row> rows;
    for (const auto& r : tx.exec(command)) {
      Row row;
      for (const auto& f : r)
        row[f.name()] = f.is_null() ? "" : f.c_str();
      rows.push_back(std::move(row));
    }
    return rows;
  }
  // The rows of `command` about one pool (its "database" column).
  std::vector<Row> show(const std::string& command, const std::string& pool) const {
    std::vector<Row> out;
    for (auto& r : show(command)) {
      if (r["database"] == pool) out.push_back(std::move(r));
    }
    return out;
  }

 private:
  // libpq's own parser turns the URL into the key=value form PgBouncer's [databases] lines take.
  static std::string server_keywords(const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (options == nullptr) {
      std::string why = error != nullptr ? error : "unparsable";
      PQfreemem(error);
      throw std::invalid_argument("bad server URL for PgBouncer: " + why);
    }
    std::string out;
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
      const std::string key = o->keyword;
      if (o->val == nullptr || *o->val == '\0') continue;
      if (key == "host" || key == "port" || key == "dbname" || key == "user" || key == "password") {
        out += (out.empty() ? "" : " ") + key + "=" + o->val;
      }
    }
    PQconninfoFree(options);
    return out;
  }

  void wait_listening() {
    for (int i = 0; i < 200; ++i) {
      int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in sa{};
      sa.sin_family = AF_INET;
      sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      sa.sin_port = htons(port_);
      const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
      ::close(fd);
      if (ok) return;
      if (!process_->running()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("PgBouncer did not start:\n" + process_->log());
  }

  TempDir dir_;
  std::uint16_t port_;
  std::unique_ptr<Process> process_;
};

}  // namespace hub::test

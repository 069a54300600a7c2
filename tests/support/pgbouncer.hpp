#pragma once
// A PgBouncer of a test's own (Debian's package) in front of one PostgreSQL database: its own
// ini file in a folder of its own, on a free loopback port, in the foreground, stopped by its pid.
// Each pool is a database name of PgBouncer's leading to that one database, in a pool mode and
// with a number of server connections of its own. Clients log in without a password (auth_type
// any, loopback only); PgBouncer logs in to PostgreSQL with the server URL's credentials. The
// admin console (database "pgbouncer") answers SHOW commands to any user.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/git_shell.hpp"
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

  // The rows of an admin console command (SHOW POOLS, SHOW SERVERS, SHOW CLIENTS, SHOW STATS), by
  // psql: libpqxx refuses the console, whose server version is PgBouncer's own.
  std::vector<Row> show(const std::string& command) const {
    const auto answer = sh(dir_.path(), "psql -X -q -A -F \\| -P footer=off -h 127.0.0.1 -p " + std::to_string(port_) +
                                            " -U hub -d pgbouncer -c \"" + command + "\"");
    if (answer.status != 0) throw std::runtime_error(command + " failed: " + answer.output);
    std::vector<Row> rows;
    std::vector<std::string> names;
    std::istringstream lines(answer.output);
    for (std::string line; std::getline(lines, line);) {
      std::vector<std::string> fields;
      std::istringstream cells(line);
      for (std::string cell; std::getline(cells, cell, '|');)
        fields.push_back(cell);
      if (names.empty()) {
        names = std::move(fields);
        continue;
      }
      Row row;
      for (std::size_t i = 0; i < names.size(); ++i)
        row[names[i]] = i < fields.size() ? fields[i] : "";
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
  // postgresql://user[:password]@host:port/database, as `./hub test` hands them out, in the
  // key=value form of PgBouncer's [databases] lines.
  static std::string server_keywords(const std::string& url) {
    const auto scheme = url.find("://");
    const auto at = url.rfind('@');
    const auto slash = url.find('/', at == std::string::npos ? 0 : at);
    if (scheme == std::string::npos || at == std::string::npos || slash == std::string::npos || at < scheme) {
      throw std::invalid_argument("PgBouncer needs postgresql://user:password@host:port/database, not " + url);
    }
    const std::string user_info = url.substr(scheme + 3, at - scheme - 3);
    const std::string host_port = url.substr(at + 1, slash - at - 1);
    const std::string database = url.substr(slash + 1, url.find('?', slash) - slash - 1);
    const auto user_end = user_info.find(':');
    const auto port_start = host_port.rfind(':');
    std::string out =
        "host=" + host_port.substr(0, port_start) + " dbname=" + database + " user=" + user_info.substr(0, user_end);
    if (port_start != std::string::npos) out += " port=" + host_port.substr(port_start + 1);
    if (user_end != std::string::npos) out += " password=" + user_info.substr(user_end + 1);
    return out;
  }

  void wait_listening() {
    for (int i = 0; i < 200; ++i) {
      if (loopback_accepts(port_)) return;
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

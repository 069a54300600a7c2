#pragma once
// wrk as a test's load: started against a URL on loopback, running until finish() (SIGINT: wrk
// stops and prints its summary), which returns what failed. GETs of the URL, and with `post_every`
// a POST every so often (tests/support/wrk_mixed.lua), so the load has writes, which no proxy may
// send twice and none may lose.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/config/config.hpp"
#include "tests/support/process.hpp"

namespace hub::test {

struct WrkTally {
  long long requests = 0;       // answers of any status
  long long non_2xx = 0;        // wrk's "Non-2xx or 3xx responses"
  long long socket_errors = 0;  // connect, read, write and timeout errors together
  std::map<int, long long> statuses;
  std::string output;  // wrk's, to show when an expectation fails
  long long failed() const { return non_2xx + socket_errors; }
};

struct WrkPosts {
  int every = 0;  // 0: GETs only
  std::string path;
  std::string body;
};

class WrkLoad {
 public:
  WrkLoad(const config::HostPort& target, const std::string& get_path, const std::string& token, int connections,
          const WrkPosts& posts = {}) {
    std::vector<std::string> args{"-t1",
                                  "-c" + std::to_string(connections),
                                  "-d600s",  // ended by finish()
                                  "--timeout",
                                  "30s",  // a request held up is slow, not failed: a lost one is an error
                                  "-H",
                                  "Authorization: Bearer " + token,
                                  "-s",
                                  std::string(HUB_SOURCE_DIR) + "/tests/support/wrk_mixed.lua",
                                  "http://" + target.str() + get_path,
                                  "--",
                                  std::to_string(posts.every),
                                  posts.path,
                                  posts.body};
    process_ =
        std::make_unique<Process>("/usr/bin/wrk", args, std::map<std::string, std::string>{}, dir_.path() + "/wrk.log");
  }

  WrkTally finish() {
    process_->signal(SIGINT);
    if (!process_->wait(std::chrono::seconds(30))) throw std::runtime_error("wrk did not stop:\n" + process_->log());
    WrkTally t;
    t.output = process_->log();
    // (std::regex trips GCC 12's -Wmaybe-uninitialized: the lines are read with sscanf.)
    std::istringstream lines(t.output);
    for (std::string line; std::getline(lines, line);) {
      long long a = 0, b = 0, c = 0, d = 0;
      int status = 0, matched = -1;  // %n: the text after the number matched too
      if (std::sscanf(line.c_str(), " %lld requests in%n", &a, &matched) == 1 && matched > 0) t.requests = a;
      if (std::sscanf(line.c_str(), " Non-2xx or 3xx responses: %lld", &a) == 1) t.non_2xx = a;
      if (std::sscanf(line.c_str(), " Socket errors: connect %lld, read %lld, write %lld, timeout %lld", &a, &b, &c,
                      &d) == 4) {
        t.socket_errors = a + b + c + d;
      }
      if (std::sscanf(line.c_str(), "status %d %lld", &status, &a) == 2) t.statuses[status] = a;
    }
    if (t.requests == 0) throw std::runtime_error("wrk reported no request:\n" + t.output);
    return t;
  }

 private:
  TempDir dir_;
  std::unique_ptr<Process> process_;
};

}  // namespace hub::test

#pragma once
// wrk as a test's load: started against a URL on loopback, running until finish() (SIGINT: wrk
// stops and prints its summary), which returns what failed. GETs of the URL, and with `post_every`
// a POST every so often (tests/support/wrk_mixed.lua), so the load has writes, which no proxy may
// send twice and none may lose.
#include <signal.h>

#include <chrono>
#include <map>
#include <regex>
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
    std::smatch m;
    if (std::regex_search(t.output, m, std::regex(R"((\d+) requests in)"))) t.requests = std::stoll(m[1]);
    if (std::regex_search(t.output, m, std::regex(R"(Non-2xx or 3xx responses: (\d+))"))) t.non_2xx = std::stoll(m[1]);
    if (std::regex_search(t.output, m,
                          std::regex(R"(Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+))"))) {
      t.socket_errors = std::stoll(m[1]) + std::stoll(m[2]) + std::stoll(m[3]) + std::stoll(m[4]);
    }
    std::istringstream lines(t.output);
    for (std::string line; std::getline(lines, line);) {
      if (std::regex_match(line, m, std::regex(R"(status (\d+) (\d+))")))
        t.statuses[std::stoi(m[1])] = std::stoll(m[2]);
    }
    if (t.requests == 0) throw std::runtime_error("wrk reported no request:\n" + t.output);
    return t;
  }

 private:
  TempDir dir_;
  std::unique_ptr<Process> process_;
};

}  // namespace hub::test

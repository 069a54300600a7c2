#pragma once
// Starts a program for a test, with its output in a log file, and stops it by its pid — never by
// name. The destructor kills what is still running, so a failing test leaves nothing behind.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hub::test {

class Process {
 public:
  // `env` overrides entries of the current environment; a value of "" removes the variable.
  Process(const std::string& program, const std::vector<std::string>& args,
          const std::map<std::string, std::string>& env, const std::string& log_path);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }
  std::string log() const;

  void signal(int sig);
  // The exit status (or 128 + signal), or nullopt if still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();

  // Waits for the JSON log line {"msg":"listening",...,"port":N} and returns N.
  std::uint16_t wait_for_listen(std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> status_;
};

// A fresh directory under the system's temporary folder, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace hub::test

#pragma once
// Runs shell commands that use the real git, isolated from the machine's configuration and
// credential helpers (HOME is the test's folder, no prompts, a fixed author).
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace hub::test {

struct ShellResult {
  int status = -1;
  std::string output;  // stdout and stderr together
};

inline ShellResult sh(const std::string& dir, const std::string& command) {
  const std::string full = "cd '" + dir + "' && env -u GIT_DIR HOME='" + dir +
                           "' GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 GIT_ASKPASS=/bin/false "
                           "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t "
                           "GIT_COMMITTER_EMAIL=t@example.com sh -c '" +
                           command + "' 2>&1";
  ShellResult r;
  FILE* p = ::popen(full.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p))
    r.output.append(buf.data(), n);
  const int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace hub::test

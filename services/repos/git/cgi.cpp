#include "services/repos/git/cgi.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error/api_error.hpp"
#include "common/log/log.hpp"
#include "common/util/strings.hpp"

extern char** environ;

namespace hub::repos {
namespace {

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The rest of the program's output, and the process to reap once it ends.
class CgiBody : public http::BodySource {
 public:
  CgiBody(pid_t pid, int fd, std::string already) : pid_(pid), fd_(fd), pending_(std::move(already)) {}
  CgiBody(const CgiBody&) = delete;
  CgiBody& operator=(const CgiBody&) = delete;
  ~CgiBody() override {
    if (fd_ >= 0) ::close(fd_);
    if (pid_ > 0) {
      // The client left before the end: the program has nobody to talk to.
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }

  std::size_t read(char* data, std::size_t size) override {
    if (!pending_.empty()) {
      const std::size_t n = std::min(size, pending_.size());
      std::memcpy(data, pending_.data(), n);
      pending_.erase(0, n);
      return n;
    }
    if (fd_ < 0) return 0;
    for (;;) {
      const ssize_t n = ::read(fd_, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) return static_cast<std::size_t>(n);
      ::close(fd_);
      fd_ = -1;
      int status = 0;
      ::waitpid(pid_, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        log::warn("cgi program failed", {{"status", status}});
      }
      pid_ = -1;
      return 0;
    }
  }

 private:
  pid_t pid_;
  int fd_;
  std::string pending_;
};

}  // namespace

int spool_body(http::BodyReader& body, const std::string& dir, std::uint64_t limit) {
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) throw ApiError(ErrorCode::kInternal, "internal error", "cannot create a spool file in " + dir);
  std::vector<char> buffer(256 * 1024);
  std::uint64_t total = 0;
  try {
    for (;;) {
      const std::size_t n = body.read(buffer.data(), buffer.size());
      if (n == 0) break;
      total += n;
      if (total > limit) throw ApiError(ErrorCode::kPayloadTooLarge, "the request body is too large");
      if (!write_all(fd, buffer.data(), n)) throw ApiError(ErrorCode::kUnavailable, "storage is full or failing");
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::lseek(fd, 0, SEEK_SET);
  return fd;
}

namespace {

// Starts the program with its standard output on a pipe: {pid, the pipe's read end}.
std::pair<pid_t, int> spawn(CgiRequest& request) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw ApiError(ErrorCode::kInternal, "internal error", "pipe failed");
  int in = request.stdin_fd >= 0 ? request.stdin_fd : ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::vector<char*> argv;
  argv.push_back(request.program.data());
  for (auto& a : request.args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : request.env)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, request.program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(in);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    throw ApiError(ErrorCode::kInternal, "internal error",
                   "cannot start " + request.program + ": " + std::strerror(rc));
  }
  return {pid, out[0]};
}

}  // namespace

http::Response run_cgi(CgiRequest request) {
  const auto spawned = spawn(request);  // not a structured binding: the lambda below captures these
  const pid_t pid = spawned.first;
  const int fd = spawned.second;
  auto give_up = [&](const std::string& why) {
    ::close(fd);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    throw ApiError(ErrorCode::kInternal, "internal error", request.program + " " + why);
  };
  // The CGI header: lines up to an empty one.
  std::string head;
  std::size_t end = std::string::npos;
  std::size_t sep = 0;
  char chunk[4096];
  while (end == std::string::npos) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) give_up("wrote no CGI header");
    head.append(chunk, static_cast<std::size_t>(n));
    if (auto p = head.find("\r\n\r\n"); p != std::string::npos) {
      end = p;
      sep = 4;
    } else if (auto q = head.find("\n\n"); q != std::string::npos) {
      end = q;
      sep = 2;
    }
    if (end == std::string::npos && head.size() > 64 * 1024) give_up("wrote an oversized header");
  }
  http::Response response;
  response.status = 200;
  for (auto line : util::split(std::string_view(head).substr(0, end), '\n')) {
    if (line.ends_with('\r')) line.remove_suffix(1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const auto name = util::trim(line.substr(0, colon));
    const auto value = util::trim(line.substr(colon + 1));
    if (util::iequals(name, "Status")) {
      response.status = static_cast<int>(util::parse_uint(value.substr(0, 3)).value_or(500));
    } else {
      response.headers.add(name, value);
    }
  }
  response.source = std::make_shared<CgiBody>(pid, fd, head.substr(end + sep));
  return response;
}

std::shared_ptr<http::BodySource> run_output(CgiRequest request) {
  const auto spawned = spawn(request);  // not a structured binding: the lambda below captures these
  const pid_t pid = spawned.first;
  const int fd = spawned.second;
  return std::make_shared<CgiBody>(pid, fd, std::string());
}

namespace {

class Window : public http::BodySource {
 public:
  Window(std::shared_ptr<http::BodySource> inner, std::uint64_t offset, std::uint64_t length)
      : inner_(std::move(inner)), skip_(offset), left_(length) {}
  std::size_t read(char* data, std::size_t size) override {
    while (skip_ > 0) {
      const std::size_t n = inner_->read(data, static_cast<std::size_t>(std::min<std::uint64_t>(skip_, size)));
      if (n == 0) return 0;
      skip_ -= n;
    }
    if (left_ == 0) return 0;
    const std::size_t n = inner_->read(data, static_cast<std::size_t>(std::min<std::uint64_t>(left_, size)));
    left_ -= n;
    return n;
  }

 private:
  std::shared_ptr<http::BodySource> inner_;
  std::uint64_t skip_;
  std::uint64_t left_;
};

}  // namespace

std::shared_ptr<http::BodySource> window(std::shared_ptr<http::BodySource> source, std::uint64_t offset,
                                         std::uint64_t length) {
  return std::make_shared<Window>(std::move(source), offset, length);
}

}  // namespace hub::repos

#pragma once
// nginx (Debian's nginx-light) as the load balancer in front of a test's gateways, as a deployment
// puts one: its own configuration in a folder of its own, on a free loopback port, in the
// foreground, stopped by its pid (SIGQUIT: the master ends its workers and exits). A failed
// connection, or a connection that fails before any answer, goes to the next gateway (for a POST
// only when nothing was sent); no gateway is ever marked down for it (max_fails=0), so a gateway
// started again takes traffic at once.
#include <signal.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/config/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/servers.hpp"

namespace hub::test {

class NginxProxy {
 public:
  explicit NginxProxy(const std::vector<config::HostPort>& upstreams) : port_(free_port()) {
    std::ofstream conf(dir_.path() + "/nginx.conf");
    conf << "worker_processes 1;\n"
         << "pid " << dir_.path() << "/nginx.pid;\n"
         << "error_log " << dir_.path() << "/error.log warn;\n"
         << "events { worker_connections 1024; }\n"
         << "http {\n"
         << "  access_log off;\n"
         << "  upstream gateways {\n";
    for (const auto& u : upstreams)
      conf << "    server " << u.str() << " max_fails=0;\n";
    conf << "    keepalive 16;\n"
         << "  }\n"
         << "  server {\n"
         << "    listen 127.0.0.1:" << port_ << ";\n"
         << "    client_max_body_size 10m;\n"
         << "    location / {\n"
         << "      proxy_pass http://gateways;\n"
         << "      proxy_http_version 1.1;\n"
         << "      proxy_set_header Connection \"\";\n"
         << "      proxy_set_header Host $http_host;\n"
         << "      proxy_next_upstream error timeout;\n"
         << "      proxy_connect_timeout 2s;\n"
         << "      proxy_read_timeout 60s;\n"
         << "    }\n"
         << "  }\n"
         << "}\n";
    conf.close();
    process_ = std::make_unique<Process>(
        "/usr/sbin/nginx",
        std::vector<std::string>{"-c", dir_.path() + "/nginx.conf", "-p", dir_.path(), "-g", "daemon off;"},
        std::map<std::string, std::string>{}, dir_.path() + "/nginx.log");
    wait_listening();
  }
  ~NginxProxy() {
    process_->signal(SIGQUIT);
    if (!process_->wait(std::chrono::seconds(10))) {
      process_->signal(SIGTERM);
      process_->wait(std::chrono::seconds(5));
    }
  }
  NginxProxy(const NginxProxy&) = delete;
  NginxProxy& operator=(const NginxProxy&) = delete;

  config::HostPort address() const { return {"127.0.0.1", port_}; }
  std::string error_log() const {
    std::ifstream in(dir_.path() + "/error.log");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  void wait_listening() {
    for (int i = 0; i < 200; ++i) {
      if (loopback_accepts(port_)) return;
      if (!process_->running()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("nginx did not start:\n" + process_->log() + error_log());
  }
  TempDir dir_;
  std::uint16_t port_;
  std::unique_ptr<Process> process_;
};

}  // namespace hub::test

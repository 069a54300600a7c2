#pragma once
// Runs a CGI program (git http-backend) for one request: the request body, spooled to a file first
// so the program never waits on the network, is its standard input; its output's CGI header becomes
// the response's status and headers, and the rest streams to the client as the program writes it.
// The process is reaped when the body ends, and killed if the client goes away first.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/http/message.hpp"

namespace hub::repos {

struct CgiRequest {
  std::string program;
  std::vector<std::string> args;
  std::vector<std::string> env;  // NAME=value, the whole environment
  int stdin_fd = -1;             // -1: /dev/null; otherwise owned by run_cgi, closed when spawned
};

// Throws ApiError(kInternal) when the program cannot start or writes no valid header.
http::Response run_cgi(CgiRequest request);

// The program's whole standard output as a body (no CGI header): `git cat-file blob` streaming a
// blob too large to hold.
std::shared_ptr<http::BodySource> run_output(CgiRequest request);

// `length` bytes of `source` after skipping `offset`.
std::shared_ptr<http::BodySource> window(std::shared_ptr<http::BodySource> source, std::uint64_t offset,
                                         std::uint64_t length);

// The request body into an unlinked temporary file under `dir`, rewound: its descriptor.
// ApiError when the body is larger than `limit`.
int spool_body(http::BodyReader& body, const std::string& dir, std::uint64_t limit);

}  // namespace hub::repos

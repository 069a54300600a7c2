// The repos service: see architecture.md for what it owns. main() only wires it.
#include "common/service/service.hpp"

namespace hub::repos {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::repos

int main(int argc, char** argv) {
  return hub::service::run(
      argc, argv, {.name = "repos", .default_port = 8082, .migrations = &hub::repos::migrations, .install = {}});
}

// The discussions service: see docs/architecture.md for what it owns. main() only wires it.
#include "common/service/service.hpp"

namespace hub::discussions {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::discussions

int main(int argc, char** argv) {
  return hub::service::run(
      argc, argv,
      {.name = "discussions", .default_port = 8083, .migrations = &hub::discussions::migrations, .install = {}});
}

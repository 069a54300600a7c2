// The pulls service: see docs/architecture.md for what it owns. main() only wires it.
#include "common/service/service.hpp"

namespace hub::pulls {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::pulls

int main(int argc, char** argv) {
  return hub::service::run(
      argc, argv, {.name = "pulls", .default_port = 8084, .migrations = &hub::pulls::migrations, .install = {}});
}

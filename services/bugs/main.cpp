// The bugs service: see docs/architecture.md for what it owns. main() only wires it.
#include "common/service/service.hpp"

namespace hub::bugs {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::bugs

int main(int argc, char** argv) {
  return hub::service::run(argc, argv,
                           {.name = "bugs", .default_port = 8085, .migrations = &hub::bugs::migrations, .install = {}});
}

// The notifications service: see docs/architecture.md for what it owns. main() only wires it.
#include "common/service/service.hpp"

namespace hub::notifications {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::notifications

int main(int argc, char** argv) {
  return hub::service::run(
      argc, argv,
      {.name = "notifications", .default_port = 8086, .migrations = &hub::notifications::migrations, .install = {}});
}

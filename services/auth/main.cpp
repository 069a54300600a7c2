// The auth service: see architecture.md for what it owns. main() only wires it.
#include "common/service/service.hpp"

namespace hub::auth {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::auth

int main(int argc, char** argv) {
  return hub::service::run(argc, argv,
                           {.name = "auth", .default_port = 8081, .migrations = &hub::auth::migrations, .install = {}});
}

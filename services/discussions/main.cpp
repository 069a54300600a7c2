// The discussions service (threads and comments of every repo (the Hub's discussions API)): see docs/architecture.md
#include "common/service/service.hpp"
#include "services/discussions/api/routes.hpp"

namespace hub::discussions {
const hub::service::EmbeddedFiles& migrations();
}  // namespace hub::discussions

int main(int argc, char** argv) {
  namespace svc = hub::discussions;
  return hub::service::run(argc, argv, {.name = "discussions", .default_port = 8083, .migrations = &svc::migrations},
                           &svc::load_config, &svc::install_routes);
}

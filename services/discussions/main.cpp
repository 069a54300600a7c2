// The discussions service (threads and comments of every repo (the Hub's discussions API)): see docs/architecture.md
#include "common/service/service.hpp"
#include "hub_discussions_migrations.hpp"  // generated: hub::discussions::migrations()
#include "services/discussions/api/routes.hpp"

int main(int argc, char** argv) {
  namespace svc = hub::discussions;
  return hub::service::run(argc, argv, {.name = "discussions", .default_port = 8083, .migrations = &svc::migrations},
                           &svc::load_config, &svc::install_routes);
}

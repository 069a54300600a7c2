// The bugs service (bug reports pinned to revisions and linked to the pull requests that fix them): see
#include "common/service/service.hpp"
#include "hub_bugs_migrations.hpp"  // generated: hub::bugs::migrations()
#include "services/bugs/api/routes.hpp"

int main(int argc, char** argv) {
  namespace svc = hub::bugs;
  return hub::service::run(argc, argv, {.name = "bugs", .default_port = 8085, .migrations = &svc::migrations},
                           &svc::load_config, &svc::install_routes);
}

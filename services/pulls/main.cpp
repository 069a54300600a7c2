// The pulls service (pull requests and their review: refs/pr/N, model-aware diffs, reviews, gates, merge): see
#include "common/service/service.hpp"
#include "hub_pulls_migrations.hpp"  // generated: hub::pulls::migrations()
#include "services/pulls/api/routes.hpp"

int main(int argc, char** argv) {
  namespace svc = hub::pulls;
  return hub::service::run(argc, argv, {.name = "pulls", .default_port = 8084, .migrations = &svc::migrations},
                           &svc::load_config, &svc::install_routes);
}

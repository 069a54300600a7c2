// The pulls service (pull requests and their review: refs/pr/N, model-aware diffs, reviews, gates,
// merge): see docs/architecture.md. main() only wires it.
#include "common/service/service.hpp"
#include "hub_pulls_migrations.hpp"  // generated: hub::pulls::migrations()
#include "services/pulls/api/routes.hpp"
#include "services/pulls/app/repo_cleanup.hpp"

int main(int argc, char** argv) {
  namespace svc = hub::pulls;
  hub::service::Spec spec{.name = "pulls", .default_port = 8084, .migrations = &svc::migrations};
  // A deleted repo takes its review state with it (app/repo_cleanup.hpp).
  spec.on_event = [](hub::service::Context& /*ctx*/, pqxx::work& tx, const hub::events::Envelope& event,
                     hub::events::AfterCommit& /*after_commit*/) { svc::follow_repo_event(tx, event); };
  spec.wants_event = &svc::follows_event;
  return hub::service::run(argc, argv, spec, &svc::load_config, &svc::install_routes);
}
